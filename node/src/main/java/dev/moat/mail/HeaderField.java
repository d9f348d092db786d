package dev.moat.mail;

import java.util.Objects;

/**
 * One header field of a message as it came (RFC 5322 2.2): its name and its whole text, the
 * name, colon and value with the line breaks and folding white space of a wrapped field kept
 * (CRLF followed by a space or tab), without the final CRLF. The chapter's banned header
 * lines compare the whole text, line breaks included.
 */
public record HeaderField(String name, String text) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** A field read from {@code text}; the name is what precedes the first colon. */
    public static HeaderField of(String text) {
        int colon = text.indexOf(':');
        return new HeaderField(colon < 0 ? text : text.substring(0, colon).strip(), text);
    }

    /** Whether this field has the name {@code other}; field names ignore case. */
    public boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The value: the text after the colon, unfolded (each CRLF of a wrapped field removed) and trimmed. */
    public String value() {
        int colon = text.indexOf(':');
        return (colon < 0 ? "" : text.substring(colon + 1)).replace("\r\n", "").strip();
    }
}
