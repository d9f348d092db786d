package dev.moat.policy;

import dev.moat.net.IpAddress;

/**
 * Which decision records a query wants: those of one client address, one session reference,
 * one check (each {@code null} for any), made at or after {@code sinceMillis}; at most
 * {@code limit}, newest first.
 */
public record DecisionFilter(IpAddress address, String reference, String check, long sinceMillis, int limit) {
    /** The most records one query answers per member. */
    public static final int MAX_LIMIT = 10_000;

    public DecisionFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
    }

    public boolean matches(DecisionRecord record) {
        return record.timeMillis() >= sinceMillis
                && (address == null || address.equals(record.client()))
                && (reference == null || reference.equals(record.reference()))
                && (check == null || check.equals(record.check()));
    }
}
