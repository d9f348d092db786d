package dev.moat.cluster;

/**
 * The value of one entry in {@link ClusterMaps#CALLOUT_RESULTS} (the key is the Return-Path
 * address): whether the address's mail server accepted it, until when the result holds (epoch
 * milliseconds), and the MAC of the three ({@link Signatures}). Travels as the Compact type
 * {@code moat.CalloutResult}.
 */
record CalloutResult(boolean accepted, long untilMillis, String mac) {

    CalloutResult {
        mac = mac == null ? "" : mac;
    }
}
