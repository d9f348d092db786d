package dev.moat.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.LoopbackCluster;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.SessionEvent;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregation into prefixes and escalation for repeat offenders, both off by default, on a real member. */
class BeyondTheChapterTest {
    @TempDir
    static Path dir;
    static LoopbackCluster cluster;
    static ClusterMember member;
    final MovableClock clock = new MovableClock();

    @BeforeAll
    static void startMember() {
        cluster = new LoopbackCluster(dir, 1);
        member = cluster.start(1);
    }

    @AfterAll
    static void stopMember() {
        cluster.close();
        // The class outlives its tests in the suite's JVM: what a stopped member's maps hold would stay with it.
        cluster = null;
        member = null;
    }

    TemporaryBlocking blocking(String yaml) {
        var settings = EffectiveSettings.build(ServerSettings.parse(yaml, new HostFacts("mx.test.example")).value(),
                ClusterSettings.empty(), 1);
        return new TemporaryBlocking(new TemporaryBlocking.Setup(() -> settings, () -> false, AddressSet.empty(),
                "node-test", clock), member.blocking(), new MoatMetrics(new SimpleMeterRegistry()));
    }

    static void trap(TemporaryBlocking blocking, String address) {
        blocking.heard(new SessionEvent.SpamTrapHit(IpAddress.parse(address), "REF", "trap@mydomain.example"))
                .toCompletableFuture().join();
    }

    @Test
    void bothAreOffByDefault() {
        var rules = blocking("").rules();
        assertEquals(false, rules.aggregation().enabled());
        assertEquals(false, rules.escalation().enabled());
    }

    @Test
    void withoutAggregationManyBlockedAddressesOfOnePrefixBlockOnlyThemselves() {
        var blocking = blocking("");
        for (int i = 1; i <= 5; i++) {
            trap(blocking, "2001:db8:10:1::" + i);
        }
        assertTrue(blocking.blocked(IpAddress.parse("2001:db8:10:1::99")).isEmpty());
    }

    @Test
    void kBlockedAddressesOfOneIpv6Slash64BlockThePrefix() {
        var blocking = blocking("temporary-blocking:\n  aggregation: {enabled: true, addresses: 3}\n");
        trap(blocking, "2001:db8:20:1::1");
        trap(blocking, "2001:db8:20:1::2");
        assertTrue(blocking.blocked(IpAddress.parse("2001:db8:20:1::99")).isEmpty(), "two are not three");
        trap(blocking, "2001:db8:20:1::3");

        var neighbour = blocking.blockEntry(IpAddress.parse("2001:db8:20:1::99")).orElseThrow();
        assertEquals("2001:db8:20:1::/64", neighbour.getKey());
        assertTrue(neighbour.getValue().reason().startsWith("3 addresses of 2001:db8:20:1::/64 blocked"),
                neighbour.getValue().reason());
        assertTrue(blocking.blocked(IpAddress.parse("2001:db8:20:2::1")).isEmpty(), "the next /64 is another prefix");
    }

    @Test
    void ipv4PrefixesAreAggregatedOnlyWhenEnabled() {
        var off = blocking("temporary-blocking:\n  aggregation: {enabled: true, addresses: 2}\n");
        trap(off, "203.0.113.1");
        trap(off, "203.0.113.2");
        assertTrue(off.blocked(IpAddress.parse("203.0.113.200")).isEmpty());

        var on = blocking("temporary-blocking:\n  aggregation: {enabled: true, addresses: 2, ipv4: true}\n");
        trap(on, "198.18.7.1");
        trap(on, "198.18.7.2");
        assertEquals("198.18.7.0/24", on.blockEntry(IpAddress.parse("198.18.7.200")).orElseThrow().getKey());
    }

    @Test
    void aRepeatOffenderWithinADayIsBlockedTwiceAsLongUpToTheCap() {
        var blocking = blocking("""
                temporary-blocking:
                  blocking-time: 10m
                  escalation: {enabled: true, max-blocking-time: 30m}
                """);
        String address = "192.0.2.77";
        long[] lengths = new long[4];
        for (int i = 0; i < lengths.length; i++) {
            trap(blocking, address);
            var entry = member.blocking().get(TemporaryList.BLOCKED, address).orElseThrow();
            lengths[i] = entry.untilMillis() - entry.startMillis();
            assertTrue(member.blocking().remove(TemporaryList.BLOCKED, address), "unblocked by hand");
            clock.advance(Duration.ofHours(1));
        }
        assertEquals(Duration.ofMinutes(10).toMillis(), lengths[0]);
        assertEquals(Duration.ofMinutes(20).toMillis(), lengths[1]);
        assertEquals(Duration.ofMinutes(30).toMillis(), lengths[2], "the cap");
        assertEquals(Duration.ofMinutes(30).toMillis(), lengths[3], "still the cap");

        clock.advance(Duration.ofDays(2));
        trap(blocking, address);
        var fresh = member.blocking().get(TemporaryList.BLOCKED, address).orElseThrow();
        assertEquals(Duration.ofMinutes(10).toMillis(), fresh.untilMillis() - fresh.startMillis(),
                "a block more than a day after the last starts again at the Blocking Time");
    }
}
