package dev.moat.mail;

import java.util.Objects;

/**
 * One recipient of a transaction: the path as the client wrote it and the route the Router
 * gave it, decided once at RCPT and kept for the whole transaction, so every later step
 * (relay decision, spam traps, the next hop) reads the same answer.
 */
public record Recipient(MailPath path, Route route) {
    public Recipient {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(route, "route");
    }

    /** The address as the client wrote it, without angle brackets. */
    public String address() {
        return path.address();
    }
}
