package dev.moat.cluster;

/**
 * What the cluster package reports to the node without depending on its metrics: a document
 * version or a Temporary Client entry refused because its MAC is missing or wrong, and a new
 * Temporary Client not added because the list is full, a partition replica migration ended.
 * Called from Hazelcast threads; keep each call short.
 */
public interface ClusterEvents {

    /** The kind of a refused document version. */
    String DOCUMENT = "document";
    /** The kind of a refused Temporary Client entry. */
    String TEMPORARY_CLIENT = "temporary-client";
    /** The kind of a refused callout result. */
    String CALLOUT_RESULT = "callout-result";

    /** A value of {@code kind} ({@link #DOCUMENT}, {@link #TEMPORARY_CLIENT}, {@link #CALLOUT_RESULT}) was refused. */
    void macRefused(String kind);

    /** An address was not made a Temporary Client because the list holds its limit. */
    void temporaryClientsFull();

    /** A partition replica migration in the cluster ended, {@code completed} or failed. */
    default void replicaMigrated(boolean completed) {
    }

    /** Reports nothing (tests, tools). */
    ClusterEvents NONE = new ClusterEvents() {
        @Override
        public void macRefused(String kind) {
        }

        @Override
        public void temporaryClientsFull() {
        }
    };
}
