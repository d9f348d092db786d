package dev.moat.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields Moat adds to one message, in the order they will stand at its top: the
 * {@code Received:} trace first (RFC 5321 4.4), then each field a verdict asked for (the
 * Blacklisted header; SPF results and tags later). The one path by which Moat edits a header:
 * each field is checked once here, so no verdict can inject a line break or a bare field. It
 * also names the fields of the message to take out ({@link #removeClaims}: those that carry a
 * given authserv-id, as RFC 8601 5 asks for this node's own), which the hand-off drops from the
 * header as it passes it on.
 */
public final class HeaderEdits {
    private final List<String> prepended = new ArrayList<>(4);
    /** Pairs of a field name (lower case) and the authserv-id whose fields of that name are removed. */
    private final List<String[]> removals = new ArrayList<>(1);

    /** Adds a field below those added before; {@code value} may hold folded lines (CRLF then space or tab). */
    public HeaderEdits add(String name, String value) {
        if (name.isEmpty() || name.indexOf(':') >= 0 || !printable(name) || !foldedText(value)) {
            throw new IllegalArgumentException("not a header field: " + name);
        }
        prepended.add(name + ": " + value);
        return this;
    }

    /** Adds a field given whole ({@code Received: from ...}), as {@link #add} would. */
    public HeaderEdits addField(String field) {
        int colon = field.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a header field: " + field);
        }
        return add(field.substring(0, colon), field.substring(colon + 1).stripLeading());
    }

    /**
     * Takes out of the message every field named {@code name} (such as {@code
     * Authentication-Results}) whose authserv-id is {@code authservId} ({@link AuthservId}).
     */
    public HeaderEdits removeClaims(String name, String authservId) {
        if (name.isEmpty() || name.indexOf(':') >= 0 || !printable(name) || authservId.isBlank()) {
            throw new IllegalArgumentException("not a field name and authserv-id: " + name + " " + authservId);
        }
        removals.add(new String[] {name.toLowerCase(Locale.ROOT), authservId});
        return this;
    }

    /** Whether any field of the message may be taken out. */
    public boolean removesAny() {
        return !removals.isEmpty();
    }

    /** Whether a field of this name may be taken out: only then need its whole text be read. */
    public boolean mayRemove(String fieldName) {
        for (String[] removal : removals) {
            if (removal[0].equalsIgnoreCase(fieldName)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the message's field {@code field} is taken out. */
    public boolean removes(HeaderField field) {
        for (String[] removal : removals) {
            if (field.named(removal[0]) && AuthservId.claims(field.value(), removal[1])) {
                return true;
            }
        }
        return false;
    }

    /** The added fields as header text, each line ending with CRLF; empty when none. */
    public String render() {
        StringBuilder out = new StringBuilder(256);
        for (String field : prepended) {
            out.append(field).append("\r\n");
        }
        return out.toString();
    }

    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** Text with no bare CR or LF: every CRLF is followed by a space or a tab (a folded line). */
    private static boolean foldedText(String value) {
        if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || (c == '\r' && !(i + 2 < value.length() && value.charAt(i + 1) == '\n'
                    && (value.charAt(i + 2) == ' ' || value.charAt(i + 2) == '\t')))) {
                return false;
            }
            if (c == '\r') {
                i++;
            }
        }
        return true;
    }
}
