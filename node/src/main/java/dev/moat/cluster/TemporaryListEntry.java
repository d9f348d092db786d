package dev.moat.cluster;

import dev.moat.blocking.TemporaryEntry;

/**
 * The value of one entry of a temporary list map ({@link ClusterMaps#TEMPORARY_BLOCKED},
 * {@link ClusterMaps#TEMPORARY_UNBLOCKABLE}, {@link ClusterMaps#TEMPORARY_DEBUG}; the key is the
 * address or prefix): the {@link TemporaryEntry} and the MAC of the list, key and every field
 * ({@link Signatures}). Travels as the Compact type {@code moat.TemporaryListEntry}.
 */
record TemporaryListEntry(String reason, String node, long startMillis, long untilMillis, String mac) {

    TemporaryListEntry {
        reason = reason == null ? "" : reason;
        node = node == null ? "" : node;
        mac = mac == null ? "" : mac;
    }

    TemporaryEntry entry() {
        return new TemporaryEntry(reason, node, startMillis, untilMillis);
    }
}
