package dev.moat.blocking;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a {@link TemporaryList}: why it was made (the events and their count, the
 * spam-trap recipient, a successful login, or an administrator's words), the node that made
 * it, and when it started and ends (epoch milliseconds). The cluster signs it and drops it at
 * {@code untilMillis}.
 */
public record TemporaryEntry(String reason, String node, long startMillis, long untilMillis) {

    public TemporaryEntry {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(node, "node");
    }

    /** Whether it still holds at {@code nowMillis}. */
    public boolean holdsAt(long nowMillis) {
        return untilMillis > nowMillis;
    }

    /** Milliseconds left at {@code nowMillis}, never negative. */
    public long millisLeft(long nowMillis) {
        return Math.max(0, untilMillis - nowMillis);
    }

    /** The reason with the expiry, as the connection refusal and the Test Address answer say it. */
    public String describe() {
        return reason + ", until " + Instant.ofEpochMilli(untilMillis);
    }
}
