package dev.moat;

import dev.moat.cluster.ClusterEvents;
import dev.moat.metrics.MoatMetrics;

/** Counts what the cluster package refuses in the node's metrics, so {@code cluster} needs no metrics. */
final class ClusterEventMeters implements ClusterEvents {
    private final MoatMetrics metrics;

    ClusterEventMeters(MoatMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void macRefused(String kind) {
        metrics.macRefused(kind);
    }

    @Override
    public void temporaryClientsFull() {
        metrics.temporaryClientsFull();
    }

    @Override
    public void replicaMigrated(boolean completed) {
        metrics.migration(completed);
    }
}
