package dev.moat.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code temporary-blocking} section (the chapter's "Temporarily Blocked Addresses"
 * settings): when failed logins and protocol errors from one address put it on the temporary
 * debug list or block it, the failed logins per login name across addresses, the Blocking
 * Time and the Blocked Addresses Limit, the UnBlocking Time and the UnBlockable Addresses
 * Limit (which also bound the Temporary Clients), and the two additions beyond the chapter,
 * aggregation into prefixes and escalation for repeat offenders, both off by default. It may
 * be written in the cluster-wide {@code settings} document and in a node's own file; which
 * one is in effect is {@link EffectiveSettings#temporaryBlocking(boolean)}'s rule.
 */
public record TemporaryBlockingSettings(Thresholds failedLogins, Thresholds protocolErrors, Thresholds failedLoginsPerName,
        Duration blockingTime, int blockedAddressesLimit, Duration unblockingTime, int unblockableAddressesLimit,
        Aggregation aggregation, Escalation escalation) {
    public static final Duration DEFAULT_UNBLOCKING_TIME = Duration.ofMinutes(30);
    public static final int DEFAULT_UNBLOCKABLE_ADDRESSES_LIMIT = 10_000;
    public static final Duration DEFAULT_BLOCKING_TIME = Duration.ofMinutes(30);
    public static final int DEFAULT_BLOCKED_ADDRESSES_LIMIT = 10_000;
    /** The highest threshold: a window keeps at most this many events plus one. */
    public static final int MAX_THRESHOLD = 1_000;

    /**
     * "Debug after N and Block after M events in T": more than {@code debugAfter} events inside
     * any window of length {@code window} put the address on the temporary debug list, more than
     * {@code blockAfter} block it. 0 switches that threshold off.
     */
    public record Thresholds(int debugAfter, int blockAfter, Duration window) {
        public Thresholds {
            Objects.requireNonNull(window, "window");
        }

        /** How many events a window must remember to tell both thresholds. */
        public int kept() {
            return Math.max(debugAfter, blockAfter) + 1;
        }
    }

    /** Beyond the chapter: when {@code addresses} blocked addresses share an IPv6 /64 (or IPv4 /24 with {@code ipv4}), block the prefix. */
    public record Aggregation(boolean enabled, int addresses, boolean ipv4) {
    }

    /** Beyond the chapter: a new block of an address blocked within the last day lasts twice the last one, up to {@code maxBlockingTime}. */
    public record Escalation(boolean enabled, Duration maxBlockingTime) {
        public Escalation {
            Objects.requireNonNull(maxBlockingTime, "maxBlockingTime");
        }
    }

    public TemporaryBlockingSettings {
        Objects.requireNonNull(failedLogins, "failedLogins");
        Objects.requireNonNull(protocolErrors, "protocolErrors");
        Objects.requireNonNull(failedLoginsPerName, "failedLoginsPerName");
        Objects.requireNonNull(blockingTime, "blockingTime");
        Objects.requireNonNull(unblockingTime, "unblockingTime");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(escalation, "escalation");
    }

    public static TemporaryBlockingSettings defaults() {
        return ClusterSettings.empty().temporaryBlocking();
    }

    static TemporaryBlockingSettings read(MappingReader r) {
        Thresholds logins = r.section("failed-logins", s -> thresholds(s, 5, 10, Duration.ofMinutes(10)));
        Thresholds errors = r.section("protocol-errors", s -> thresholds(s, 10, 20, Duration.ofMinutes(10)));
        Thresholds perName = r.section("failed-logins-per-name", s -> thresholds(s, 0, 50, Duration.ofHours(1)));
        Duration blockingTime = r.duration("blocking-time", DEFAULT_BLOCKING_TIME, Duration.ofSeconds(1), Duration.ofDays(30));
        int blockedLimit = r.integer("blocked-addresses-limit", DEFAULT_BLOCKED_ADDRESSES_LIMIT, 0, 10_000_000);
        Duration unblocking = r.duration("unblocking-time", DEFAULT_UNBLOCKING_TIME, Duration.ofSeconds(1), Duration.ofDays(30));
        int unblockableLimit = r.integer("unblockable-addresses-limit", DEFAULT_UNBLOCKABLE_ADDRESSES_LIMIT, 0, 10_000_000);
        Aggregation aggregation = r.section("aggregation", a -> new Aggregation(a.bool("enabled", false),
                a.integer("addresses", 8, 2, 65_536), a.bool("ipv4", false)));
        Escalation escalation = r.section("escalation", e -> new Escalation(e.bool("enabled", false),
                e.duration("max-blocking-time", Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofDays(30))));
        if (escalation.maxBlockingTime().compareTo(blockingTime) < 0) {
            r.error("escalation", "max-blocking-time must not be shorter than blocking-time");
        }
        return new TemporaryBlockingSettings(logins, errors, perName, blockingTime, blockedLimit, unblocking,
                unblockableLimit, aggregation, escalation);
    }

    private static Thresholds thresholds(MappingReader r, int debugAfter, int blockAfter, Duration window) {
        return new Thresholds(r.integer("debug-after", debugAfter, 0, MAX_THRESHOLD),
                r.integer("block-after", blockAfter, 0, MAX_THRESHOLD),
                r.duration("window", window, Duration.ofSeconds(1), Duration.ofDays(1)));
    }
}
