package dev.moat.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes the base64 of SASL exchanges; null for input that is not base64 or not UTF-8. */
final class Base64Text {
    private Base64Text() {
    }

    static String decode(String text) {
        try {
            var bytes = Base64.getDecoder().decode(text);
            var decoder = StandardCharsets.UTF_8.newDecoder();
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
