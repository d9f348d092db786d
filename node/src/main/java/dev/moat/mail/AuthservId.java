package dev.moat.mail;

import java.util.Optional;

/**
 * The authserv-id of an {@code Authentication-Results:} field (RFC 8601 2.2, 2.5): the first
 * value of the field, a token or a quoted-string (RFC 2045 5.1), after any comments and white
 * space. It names the host that claims to have done the checks the field reports, so a field
 * with this node's own authserv-id that arrives from outside is a forgery (RFC 8601 5).
 * Compared without regard to case, as the domain name it is meant to be.
 */
public final class AuthservId {
    private static final String SPECIALS = "()<>@,;:\\\"/[]?=";

    private AuthservId() {
    }

    /** The authserv-id the field value {@code value} (unfolded or folded) begins with; empty when it has none. */
    public static Optional<String> of(String value) {
        int at = skipComments(value, 0);
        if (at < 0 || at >= value.length()) {
            return Optional.empty();
        }
        if (value.charAt(at) == '"') {
            StringBuilder quoted = new StringBuilder();
            for (int i = at + 1; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length()) {
                    quoted.append(value.charAt(++i));
                } else if (c == '"') {
                    return quoted.length() == 0 ? Optional.empty() : Optional.of(quoted.toString());
                } else if (c != '\r' && c != '\n') {
                    quoted.append(c);
                }
            }
            return Optional.empty();
        }
        int end = at;
        while (end < value.length() && token(value.charAt(end))) {
            end++;
        }
        return end == at ? Optional.empty() : Optional.of(value.substring(at, end));
    }

    /** Whether {@code value} begins with the authserv-id {@code id}. */
    public static boolean claims(String value, String id) {
        return of(value).map(found -> found.equalsIgnoreCase(id)).orElse(false);
    }

    /** The index after white space and (nested) comments from {@code at}; -1 for a comment never closed. */
    private static int skipComments(String value, int at) {
        int depth = 0;
        for (int i = at; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return depth > 0 ? -1 : value.length();
    }

    private static boolean token(char c) {
        return c > ' ' && c < 127 && SPECIALS.indexOf(c) < 0;
    }
}
