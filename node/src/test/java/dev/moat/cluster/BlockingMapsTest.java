package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.moat.blocking.AddResult;
import dev.moat.blocking.TemporaryEntry;
import dev.moat.blocking.TemporaryList;
import dev.moat.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary lists on real members: the connection-time read makes no remote call, and only signed entries count. */
class BlockingMapsTest {
    @TempDir
    Path dir;

    private static long mapOperations(String cluster, String map) {
        long sum = 0;
        for (HazelcastInstance instance : Hazelcast.getAllHazelcastInstances()) {
            if (instance.getConfig().getClusterName().equals(cluster)) {
                var stats = instance.getMap(map).getLocalMapStats();
                sum += stats.getGetOperationCount() + stats.getOtherOperationCount() + stats.getPutOperationCount()
                        + stats.getSetOperationCount();
            }
        }
        return sum;
    }

    /**
     * The operation count once the writes have finished landing: an owner counts a set after it has sent the event that fills the
     * other replicas, and a migration may still be moving partitions, so the baseline waits for a safe cluster and three equal readings.
     */
    private static long settledMapOperations(String cluster, String map) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        int equal = 0;
        while (equal < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            boolean safe = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(i -> i.getConfig().getClusterName().equals(cluster))
                    .allMatch(i -> i.getPartitionService().isClusterSafe());
            long now = mapOperations(cluster, map);
            equal = safe && now == last ? equal + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void theConnectionTimeCheckIsAnsweredFromTheReplicaWithoutAnyMapOperation() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 3)) {
            var first = cluster.start(1);
            cluster.start(2);
            var third = cluster.start(3);
            long now = System.currentTimeMillis();
            for (int i = 0; i < 100; i++) {
                first.blocking().add(TemporaryList.BLOCKED, "192.0.2." + i, new TemporaryEntry("test", "node-1", now,
                        now + 60_000), 1_000);
            }
            Eventually.until("the third member holds them all", () -> third.blocking().size(TemporaryList.BLOCKED) == 100);
            long before = settledMapOperations(cluster.name(), ClusterMaps.TEMPORARY_BLOCKED);
            int hits = 0;
            for (int round = 0; round < 1_000; round++) {
                for (int i = 0; i < 200; i++) {
                    hits += third.blocking().get(TemporaryList.BLOCKED, "192.0.2." + i).isPresent() ? 1 : 0;
                }
            }
            assertEquals(100_000, hits);
            assertEquals(before, mapOperations(cluster.name(), ClusterMaps.TEMPORARY_BLOCKED),
                    "200,000 checks, not one map operation on any member");
        }
    }

    @Test
    void anEntryWithoutTheClustersMacIsRefusedAndCounted() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 2)) {
            var events = new RecordingEvents();
            var first = cluster.start(cluster.options(1), events);
            cluster.start(2);
            HazelcastInstance any = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(i -> i.getConfig().getClusterName().equals(cluster.name())).findFirst().orElseThrow();
            long now = System.currentTimeMillis();
            any.getMap(ClusterMaps.TEMPORARY_UNBLOCKABLE).set("203.0.113.9",
                    new TemporaryListEntry("forged", "intruder", now, now + 60_000, "bm90IGEgbWFj"), 60, TimeUnit.SECONDS);
            Eventually.until("the refusal is counted", () -> events.count("temporary-list") >= 1);
            assertTrue(first.blocking().get(TemporaryList.UNBLOCKABLE, "203.0.113.9").isEmpty());
            assertEquals(AddResult.ADDED, first.blocking().add(TemporaryList.UNBLOCKABLE, "203.0.113.10",
                    new TemporaryEntry("a login", "node-1", now, now + 60_000), 10));
        }
    }

    @Test
    void countsFromEveryMemberAddUpOnTheOwner() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 3)) {
            var members = new ClusterMember[] {cluster.start(1), cluster.start(2), cluster.start(3)};
            long now = System.currentTimeMillis();
            int last = 0;
            for (int i = 0; i < 9; i++) {
                last = members[i % 3].blocking().count("login:192.0.2.1", now + i, Duration.ofMinutes(1), 100)
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertEquals(9, last);
        }
    }
}
