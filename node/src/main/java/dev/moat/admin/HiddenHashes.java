package dev.moat.admin;

import dev.moat.settings.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps password hashes out of every admin answer while letting an administrator edit the
 * document that holds them. {@link #hide} replaces each PBKDF2 hash in a text with the
 * placeholder {@code (hidden 3f2a9c01b7de)}: the first 12 hex digits of the SHA-256 of the hash
 * text, which tells hashes apart but cannot be used to guess a password (the salt stays
 * hidden with the rest). {@link #restore} does the reverse for a document sent back: each
 * placeholder becomes the stored hash it stands for, found in the stored text, so a GET, an
 * edit and a PUT keep every hash the administrator did not change; a new hash, or the output
 * of {@code hash-password}, passes unchanged. The placeholder is plain text that is valid YAML
 * unquoted and inside quotes.
 */
final class HiddenHashes {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\(hidden ([0-9a-f]{12})\\)");
    private static final String MARK = "$pbkdf2-sha256$";

    /** A text sent back with its placeholders replaced, or the placeholders no stored hash matches. */
    record Restored(String text, List<String> unknown) {
        boolean ok() {
            return unknown.isEmpty();
        }
    }

    private HiddenHashes() {
    }

    static String hide(String text) {
        if (!text.contains(MARK)) {
            return text;
        }
        return PasswordHash.ENCODED_FORM.matcher(text)
                .replaceAll(hash -> Matcher.quoteReplacement(placeholder(hash.group())));
    }

    /** An answer body with every hash hidden; the body as it is when it holds none. */
    static byte[] hide(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(MARK) ? hide(text).getBytes(StandardCharsets.UTF_8) : body;
    }

    /** {@code text} with each placeholder replaced by the hash of {@code stored} it stands for. */
    static Restored restore(String text, String stored) {
        Map<String, String> byPlaceholder = new HashMap<>();
        Matcher hashes = PasswordHash.ENCODED_FORM.matcher(stored);
        while (hashes.find()) {
            byPlaceholder.put(placeholder(hashes.group()), hashes.group());
        }
        List<String> unknown = new ArrayList<>();
        String restored = PLACEHOLDER.matcher(text).replaceAll(placeholder -> {
            String hash = byPlaceholder.get(placeholder.group());
            if (hash == null) {
                unknown.add(placeholder.group());
                return Matcher.quoteReplacement(placeholder.group());
            }
            return Matcher.quoteReplacement(hash);
        });
        return new Restored(restored, List.copyOf(unknown));
    }

    private static String placeholder(String hash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8));
            return "(hidden " + java.util.HexFormat.of().formatHex(digest, 0, 6) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
