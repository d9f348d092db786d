package dev.moat.dns;

import dev.moat.net.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One macro-string of an SPF record (RFC 7208 section 7), parsed once: literal text and macro
 * expansions ({@code %{letter digits r delimiters}}, {@code %%}, {@code %_}, {@code %-}). The
 * letters s, l, o, d, i, p, v, h everywhere, and c, r, t only in an explanation; a digit
 * keeps that many right-hand parts (never zero), {@code r} reverses, the delimiters (default
 * {@code .}) split; an upper-case letter URL-escapes its value. {@link #parse} answers empty
 * for a syntax error, so the record or explanation holding it is refused as the RFC says.
 */
final class SpfMacro {
    private static final String LETTERS = "slodipvh";
    private static final String EXPLANATION_LETTERS = "slodipvhcrt";
    private static final String DELIMITERS = ".-+,/_=";

    /** A part: literal text ({@code letter == 0}) or a macro. */
    private record Part(String literal, char letter, boolean escape, int digits, boolean reverse, String delimiters) {
    }

    private final List<Part> parts;
    private final boolean endsWithMacro;

    private SpfMacro(List<Part> parts, boolean endsWithMacro) {
        this.parts = List.copyOf(parts);
        this.endsWithMacro = endsWithMacro;
    }

    /** The macro-string {@code text}; {@code explanation}: an exp= text (spaces and c, r, t allowed). */
    static Optional<SpfMacro> parse(String text, boolean explanation) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean endsWithMacro = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            endsWithMacro = false;
            if (c != '%') {
                if (c > '~' || (c < '!' && !(explanation && c == ' '))) {
                    return Optional.empty();
                }
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 == text.length()) {
                return Optional.empty();
            }
            char next = text.charAt(i + 1);
            endsWithMacro = true;
            if (next == '%' || next == '_' || next == '-') {
                literal.append(next == '%' ? "%" : next == '_' ? " " : "%20");
                i += 2;
                continue;
            }
            int close = text.indexOf('}', i);
            if (next != '{' || close < 0) {
                return Optional.empty();
            }
            Optional<Part> macro = macro(text.substring(i + 2, close), explanation);
            if (macro.isEmpty()) {
                return Optional.empty();
            }
            if (literal.length() > 0) {
                parts.add(new Part(literal.toString(), (char) 0, false, 0, false, ""));
                literal.setLength(0);
            }
            parts.add(macro.get());
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), (char) 0, false, 0, false, ""));
        }
        return Optional.of(new SpfMacro(parts, endsWithMacro));
    }

    /** {@code letter digits [r] delimiters}, the inside of {@code %{...}}. */
    private static Optional<Part> macro(String body, boolean explanation) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        char letter = Character.toLowerCase(body.charAt(0));
        if ((explanation ? EXPLANATION_LETTERS : LETTERS).indexOf(letter) < 0) {
            return Optional.empty();
        }
        int i = 1;
        int digitsEnd = i;
        while (digitsEnd < body.length() && Character.isDigit(body.charAt(digitsEnd))) {
            digitsEnd++;
        }
        int digits = 0;
        if (digitsEnd > i) {
            if (digitsEnd - i > 3 || (digits = Integer.parseInt(body.substring(i, digitsEnd))) == 0) {
                return Optional.empty();
            }
        }
        i = digitsEnd;
        boolean reverse = i < body.length() && Character.toLowerCase(body.charAt(i)) == 'r';
        if (reverse) {
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Part("", letter, Character.isUpperCase(body.charAt(0)), digits, reverse,
                delimiters.isEmpty() ? "." : delimiters));
    }

    /** Whether the string ends with a macro expansion: then it needs no literal top label (RFC 7208 7.1 domain-end). */
    boolean endsWithMacro() {
        return endsWithMacro;
    }

    /** Whether the text quotes the time of the check ({@code %{t}}, explanations only). */
    boolean usesTime() {
        return parts.stream().anyMatch(p -> p.letter() == 't');
    }

    /** Whether expanding needs the validated reverse name ({@code %{p}}). */
    boolean usesValidatedName() {
        return parts.stream().anyMatch(p -> p.letter() == 'p');
    }

    /** The text with every macro replaced; {@code domain} is the current domain, {@code validated} the %{p} name. */
    String expand(SpfIdentity identity, String domain, String validated) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.letter() == 0) {
                out.append(part.literal());
                continue;
            }
            String value = transform(value(part.letter(), identity, domain, validated), part);
            out.append(part.escape() ? urlEscape(value) : value);
        }
        return out.toString();
    }

    private static String value(char letter, SpfIdentity identity, String domain, String validated) {
        return switch (letter) {
            case 's' -> identity.localPart() + "@" + identity.senderDomain();
            case 'l' -> identity.localPart();
            case 'o' -> identity.senderDomain();
            case 'd' -> domain;
            case 'i' -> dotted(identity.ip());
            case 'p' -> validated;
            case 'v' -> identity.ip().isIpv4() ? "in-addr" : "ip6";
            case 'h' -> identity.helo();
            case 'c' -> identity.ip().toString();
            case 'r' -> identity.receiver();
            case 't' -> Long.toString(identity.timestamp());
            default -> throw new IllegalStateException("letter checked at parse: " + letter);
        };
    }

    /** %{i}: the dotted quad, or the 32 nibbles of an IPv6 address separated by dots (RFC 7208 7.3). */
    static String dotted(IpAddress ip) {
        if (ip.isIpv4()) {
            return ip.toString();
        }
        StringBuilder out = new StringBuilder(63);
        for (int nibble = 31; nibble >= 0; nibble--) {
            long word = nibble >= 16 ? ip.high() : ip.low();
            int value = (int) (word >>> (4 * (nibble % 16))) & 0xf;
            out.append(Character.toUpperCase(Character.forDigit(value, 16)));
            if (nibble > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }

    private static String transform(String value, Part part) {
        if (part.digits() == 0 && !part.reverse() && part.delimiters().equals(".")) {
            return value;
        }
        List<String> labels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || part.delimiters().indexOf(value.charAt(i)) >= 0) {
                labels.add(value.substring(start, i));
                start = i + 1;
            }
        }
        if (part.reverse()) {
            Collections.reverse(labels);
        }
        if (part.digits() > 0 && part.digits() < labels.size()) {
            labels = labels.subList(labels.size() - part.digits(), labels.size());
        }
        return String.join(".", labels);
    }

    /** RFC 3986 escaping of everything but the unreserved characters, as RFC 7208 7.3 asks of upper-case macros. */
    private static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
