package dev.moat.mail;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply: a three-digit code, an RFC 3463 enhanced status code (empty for the
 * greeting and a few other replies that carry none), and one or more text lines. Immutable;
 * {@link #lines()} renders the wire form without the trailing CRLF of each line.
 */
public record Reply(int code, String enhanced, List<String> text) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        Objects.requireNonNull(enhanced, "enhanced");
        text = List.copyOf(text);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line of text");
        }
    }

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text));
    }

    /** A 2xx or 3xx reply. */
    public static Reply ok(int code, String enhanced, String text) {
        return of(code, enhanced, text);
    }

    /** A 5xx reply: the client must not try again as it is. */
    public static Reply permanent(int code, String enhanced, String text) {
        if (code < 500) {
            throw new IllegalArgumentException("not a permanent code: " + code);
        }
        return of(code, enhanced, text);
    }

    /** A 4xx reply: the client may try again later. */
    public static Reply temporary(int code, String enhanced, String text) {
        if (code < 400 || code >= 500) {
            throw new IllegalArgumentException("not a temporary code: " + code);
        }
        return of(code, enhanced, text);
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTemporary() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** This reply with {@code suffix} appended to its last text line. */
    public Reply withSuffix(String suffix) {
        var lines = new java.util.ArrayList<>(text);
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + suffix);
        return new Reply(code, enhanced, lines);
    }

    /** The reply as wire lines, without CRLF: {@code 250-first}, ..., {@code 250 last}. */
    public List<String> lines() {
        var out = new java.util.ArrayList<String>(text.size());
        for (int i = 0; i < text.size(); i++) {
            var sep = i == text.size() - 1 ? ' ' : '-';
            var body = enhanced.isEmpty() ? text.get(i) : enhanced + " " + text.get(i);
            out.add(code + String.valueOf(sep) + body);
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\r\n", lines());
    }
}
