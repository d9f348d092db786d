package dev.moat.policy;

import java.util.Locale;

/**
 * The result of an SPF evaluation (RFC 7208 section 2.6), as the checks and the rules see it:
 * none (no record), neutral, pass, fail, softfail, temperror (a transient DNS error) and
 * permerror (a record that cannot be interpreted, or a limit exceeded). {@link #word()} is the
 * RFC's lower-case word, as {@code Received-SPF:}, {@code Authentication-Results:} and the
 * metrics write it.
 */
public enum SpfResult {
    NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result of a word of the RFC ({@code pass}, {@code fail}, ...), case ignored. */
    public static SpfResult ofWord(String word) {
        return valueOf(word.strip().toUpperCase(Locale.ROOT));
    }
}
