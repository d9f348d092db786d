package dev.moat.cluster;

/**
 * The value of one Temporary Client entry in {@link ClusterMaps#TEMPORARY_CLIENTS} (the key is
 * the address): when it stops being one (epoch milliseconds) and the MAC of the address and that
 * time ({@link Signatures}). Travels as the Compact type {@code moat.TemporaryClient}.
 */
record TemporaryClient(long untilMillis, String mac) {

    TemporaryClient {
        mac = mac == null ? "" : mac;
    }
}
