package dev.moat.policy;

import java.util.Objects;

/**
 * The reverse name of a client address: the PTR name, or the text that stands for a failed
 * lookup ({@code (host name is unknown)} for no such name or no PTR, {@code (DNS server is not
 * available)} when no server answered: NOTES), and whether it is verified: the name resolves
 * forward to the client's own address. Only a verified name grants anything (Client or White
 * Hole by DNS name); any name may blacklist.
 */
public record ReverseName(String text, boolean verified) {
    public static final String UNKNOWN = "(host name is unknown)";
    public static final String UNAVAILABLE = "(DNS server is not available)";

    public ReverseName {
        Objects.requireNonNull(text, "text");
    }
}
