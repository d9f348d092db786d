package dev.moat.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code temporary-blocking} section of the cluster-wide {@code settings} document (the
 * chapter's "Temporarily Blocked Addresses" settings, which apply cluster-wide in a cluster).
 * Today it holds the two that bound the Temporary Clients: the UnBlocking Time, how long an
 * address stays one after a login (default 30 minutes), and the UnBlockable Addresses Limit, how
 * many there may be in the whole cluster (default 10,000); temporary blocking adds the rest.
 */
public record TemporaryBlockingSettings(Duration unblockingTime, int unblockableAddressesLimit) {
    public static final Duration DEFAULT_UNBLOCKING_TIME = Duration.ofMinutes(30);
    public static final int DEFAULT_UNBLOCKABLE_ADDRESSES_LIMIT = 10_000;

    public TemporaryBlockingSettings {
        Objects.requireNonNull(unblockingTime, "unblockingTime");
    }

    public static TemporaryBlockingSettings defaults() {
        return new TemporaryBlockingSettings(DEFAULT_UNBLOCKING_TIME, DEFAULT_UNBLOCKABLE_ADDRESSES_LIMIT);
    }

    static TemporaryBlockingSettings read(MappingReader r) {
        return new TemporaryBlockingSettings(
                r.duration("unblocking-time", DEFAULT_UNBLOCKING_TIME, Duration.ofSeconds(1), Duration.ofDays(30)),
                r.integer("unblockable-addresses-limit", DEFAULT_UNBLOCKABLE_ADDRESSES_LIMIT, 0, 10_000_000));
    }
}
