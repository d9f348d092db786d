package dev.moat.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A header field to add, as the settings write it ({@code "X-Blacklisted: ^0 ^1"}): a field
 * name of printable ASCII without a colon (RFC 5322 2.2), a colon, then a value of printable
 * ASCII and spaces in which {@code ^0} stands for the RBL server that listed the client (empty
 * when none did) and {@code ^1} for the client address. No other {@code ^} is allowed, so a
 * typo cannot go unnoticed; the value is trimmed after the macros are replaced.
 */
public record HeaderTemplate(String name, String value) {
    /** Long enough for any sensible header; short enough that a filled one stays far under 998 octets. */
    static final int MAX_LENGTH = 500;
    static final String FORM = "must be one header field such as \"X-Blacklisted: ^0 ^1\"";

    public HeaderTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** The template, or the reason the text is not one. */
    public static Result parse(String text) {
        if (text.length() > MAX_LENGTH) {
            return Result.error("must be at most " + MAX_LENGTH + " characters");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Result.error(FORM + ": a field name, a colon, then the value");
        }
        String name = text.substring(0, colon);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126) {
                return Result.error(FORM + ": the field name '" + name + "' may hold only printable ASCII without spaces");
            }
        }
        String value = text.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 || c > 126) && c != '\t') {
                return Result.error(FORM + ": the value may hold only printable ASCII");
            }
            if (c == '^' && (i + 1 == value.length() || (value.charAt(i + 1) != '0' && value.charAt(i + 1) != '1'))) {
                return Result.error(FORM + ": only ^0 (the RBL server) and ^1 (the client address) may follow ^");
            }
        }
        return new Result(Optional.of(new HeaderTemplate(name, value)), "");
    }

    /** The value with {@code ^0} the RBL server (or empty) and {@code ^1} the client address. */
    public String render(String rblServer, String clientAddress) {
        return value.replace("^0", rblServer).replace("^1", clientAddress).strip();
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }

    public record Result(Optional<HeaderTemplate> template, String error) {
        static Result error(String message) {
            return new Result(Optional.empty(), message);
        }
    }
}
