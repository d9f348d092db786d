package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's temporary entries for one address, as the {@code why} answer shows them: a
 * temporary block or an unblockable entry with its reason, when it started, when it expires,
 * the node that set it, and the event counters that led to it (failed logins, protocol errors).
 * Temporary blocking fills this seam; until then {@link #NONE} knows of none. Answered from a
 * local replica, never by waiting for the cluster.
 */
@FunctionalInterface
public interface TemporaryEntries {

    List<Entry> of(IpAddress address);

    /** One entry: the list ({@code temporarily-blocked}, {@code unblockable}, {@code debug}) and its facts. */
    record Entry(String list, String reason, Instant start, Instant expiry, String node, Map<String, Long> counters) {
        public Entry {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(reason, "reason");
            counters = Map.copyOf(counters);
        }
    }

    /** No temporary blocking yet: no entries. */
    TemporaryEntries NONE = address -> List.of();
}
