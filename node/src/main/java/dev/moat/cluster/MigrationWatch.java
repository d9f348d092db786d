package dev.moat.cluster;

import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

/**
 * Hears the cluster's partition migrations: whether one is running now (between Hazelcast's
 * migration-started and migration-finished events), and each replica migration's end, which it
 * reports to {@link ClusterEvents}. If the member coordinating a migration dies before it
 * ends, Hazelcast may never say so; the next migration's events set the flag right again.
 */
final class MigrationWatch implements MigrationListener {
    private final ClusterEvents events;
    private volatile boolean migrating;

    MigrationWatch(ClusterEvents events) {
        this.events = events;
    }

    boolean migrating() {
        return migrating;
    }

    @Override
    public void migrationStarted(MigrationState state) {
        migrating = true;
    }

    @Override
    public void migrationFinished(MigrationState state) {
        migrating = false;
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        events.replicaMigrated(true);
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        events.replicaMigrated(false);
    }
}
