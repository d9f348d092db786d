package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reverse Connect's results on real members: what one member remembers another reads, until
 * its lifetime ends; a member without the cluster secret can neither clear nor condemn an
 * address, and each forged entry it writes is counted as refused.
 */
class CalloutResultMapTest {
    @TempDir
    Path dir;
    private LoopbackCluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Optional<Boolean> read(ClusterMember member, String address) {
        return member.calloutResults().get(address).toCompletableFuture().join();
    }

    @Test
    void aResultOneMemberRemembersAnotherReadsUntilItsLifetimeEnds() {
        cluster = new LoopbackCluster(dir, 2);
        var one = cluster.start(1);
        var two = cluster.start(2);
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, one.memberCount()));
        one.calloutResults().put("yes@example.test", true, Duration.ofMinutes(5));
        one.calloutResults().put("no@example.test", false, Duration.ofMinutes(5));
        one.calloutResults().put("brief@example.test", true, Duration.ofSeconds(1));
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(Optional.of(true), read(two, "yes@example.test")));
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(Optional.of(false), read(two, "no@example.test")));
        assertEquals(Optional.empty(), read(two, "never@example.test"));
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(Optional.empty(), read(two, "brief@example.test")));
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(Optional.empty(), read(one, "brief@example.test")));
    }

    @Test
    void aMemberWithoutTheSecretCanNeitherClearNorCondemnAnAddress() {
        cluster = new LoopbackCluster(dir, 3);
        var events = new RecordingEvents();
        var one = cluster.start(cluster.options(1), events);
        var two = cluster.start(2);
        var intruder = cluster.start(cluster.options(3, LoopbackCluster.newSecret()), ClusterEvents.NONE);
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(3, one.memberCount()));
        two.calloutResults().put("spammer@example.test", false, Duration.ofMinutes(5));
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(Optional.of(false), read(one, "spammer@example.test")));
        intruder.calloutResults().put("spammer@example.test", true, Duration.ofMinutes(5));
        intruder.calloutResults().put("victim@example.test", false, Duration.ofMinutes(5));
        Eventually.within(Duration.ofSeconds(10), () -> {
            // The member that wrote the real entry keeps its own copy; a member reading the map refuses the forgery.
            assertEquals(Optional.of(false), read(two, "spammer@example.test"));
            assertEquals(Optional.empty(), read(one, "victim@example.test"));
            assertTrue(events.count(ClusterEvents.CALLOUT_RESULT) >= 1);
        });
    }
}
