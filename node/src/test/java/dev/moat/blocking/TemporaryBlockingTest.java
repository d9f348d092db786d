package dev.moat.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.LoopbackCluster;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvent;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary blocking on a real Hazelcast member, with the clock moved by the test: the
 * windows, the debug threshold, spam traps, the never-blocked kinds, the per-name counter and
 * the limits. Each test uses its own addresses, so the member is shared.
 */
class TemporaryBlockingTest {
    /** Block after 3 protocol errors or 2 failed logins in 10 minutes; debug after 1 protocol error. */
    static final String RULES = """
            temporary-blocking:
              protocol-errors: {debug-after: 1, block-after: 3, window: 10m}
              failed-logins: {debug-after: 0, block-after: 2, window: 10m}
              failed-logins-per-name: {block-after: 4, window: 1h}
              blocking-time: 30m
            """;

    @TempDir
    static Path dir;
    static LoopbackCluster cluster;
    static ClusterMember member;
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    final MovableClock clock = new MovableClock();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

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

    /** A fresh address of 198.51.100.0/24 or 2001:db8:77::/48, never used by another test of this class. */
    static IpAddress fresh(boolean ipv6) {
        int n = NEXT.getAndIncrement();
        return IpAddress.parse(ipv6 ? "2001:db8:77:" + Integer.toHexString(n) + "::" + Integer.toHexString(n)
                : "198.51." + (n / 250) + "." + (n % 250 + 1));
    }

    static IpAddress fresh() {
        return fresh(false);
    }

    TemporaryBlocking blocking(String server, String clusterWide) {
        var host = new HostFacts("mx.test.example");
        var settings = EffectiveSettings.build(ServerSettings.parse(server, host).value(),
                ClusterSettings.parse(clusterWide).value(), 1);
        return new TemporaryBlocking(new TemporaryBlocking.Setup(() -> settings, () -> false,
                AddressSet.empty(), "node-test", clock), member.blocking(), new MoatMetrics(registry));
    }

    TemporaryBlocking blocking(String server) {
        return blocking(server, "");
    }

    static SessionEvent error(IpAddress client) {
        return new SessionEvent.ProtocolViolation(client, ProtocolError.UNKNOWN_COMMAND, "REF");
    }

    /** Hands over {@code count} events, each judged to the end (counted on the owner, entries made) before the next. */
    static void send(TemporaryBlocking blocking, SessionEvent event, int count) {
        for (int i = 0; i < count; i++) {
            blocking.heard(event).toCompletableFuture().join();
        }
    }

    double counted(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUnblockByHandStartsTheAddressWindowsAfreshSoItsNextErrorDoesNotBlockItAgain() {
        var blocking = blocking(RULES);
        var client = fresh();
        send(blocking, error(client), 4);
        assertTrue(blocking.blocked(client).isPresent(), "4 errors is more than 3");
        assertTrue(blocking.unblock(TemporaryList.BLOCKED, client.toString()));
        assertTrue(blocking.blocked(client).isEmpty());
        send(blocking, error(client), 3);
        assertTrue(blocking.blocked(client).isEmpty(), "3 errors since the unblock is not more than 3");
        send(blocking, error(client), 1);
        assertTrue(blocking.blocked(client).isPresent(), "the fourth since the unblock blocks again");
        assertFalse(blocking.unblock(TemporaryList.BLOCKED, "198.51.200.200"), "not on the list");
    }

    @Test
    void exactlyNProtocolErrorsInsideTheWindowDoNotBlock() {
        var blocking = blocking(RULES);
        var client = fresh();
        send(blocking, error(client), 3);
        assertTrue(blocking.debugged(client), "past the debug threshold");
        assertTrue(blocking.blocked(client).isEmpty(), "3 errors is not more than 3");
    }

    @Test
    void nPlusOneProtocolErrorsInsideTheWindowBlockForTheBlockingTime() {
        var blocking = blocking(RULES);
        var client = fresh();
        send(blocking, error(client), 3);
        clock.advance(Duration.ofMinutes(9));
        send(blocking, error(client), 1);
        assertTrue(blocking.blocked(client).isPresent());
        var entry = blocking.blockEntry(client).orElseThrow().getValue();
        assertTrue(entry.reason().startsWith("4 protocol errors within 10m"), entry.reason());
        assertEquals("node-test", entry.node());
        assertEquals(Duration.ofMinutes(30).toMillis(), entry.untilMillis() - entry.startMillis());
        assertEquals(1, counted("moat.blocking.added", "list", "blocked", "reason", "protocol-errors"));
    }

    @Test
    void nPlusOneProtocolErrorsSpreadOverMoreThanTheWindowDoNotBlock() {
        var blocking = blocking(RULES);
        var client = fresh();
        for (int i = 0; i < 8; i++) {
            send(blocking, error(client), 1);
            clock.advance(Duration.ofMinutes(4));
        }
        assertEquals(8, counted("moat.blocking.events", "kind", "protocol-error"));
        assertTrue(blocking.blocked(client).isEmpty(), "never more than 3 inside 10 minutes");
    }

    @Test
    void theDebugThresholdPutsTheAddressOnTheTemporaryDebugListOnly() {
        var blocking = blocking(RULES);
        var client = fresh();
        send(blocking, error(client), 2);
        assertTrue(blocking.debugged(client));
        assertTrue(blocking.blocked(client).isEmpty());
        var entry = member.blocking().get(TemporaryList.DEBUG, client.toString()).orElseThrow();
        assertTrue(entry.reason().contains("protocol errors"), entry.reason());
    }

    @Test
    void aSpamTrapHitBlocksAtOnceAndNamesTheRecipient() {
        var blocking = blocking(RULES);
        var client = fresh(true);
        send(blocking, new SessionEvent.SpamTrapHit(client, "REF", "misterx@mydomain.example"), 1);
        assertTrue(blocking.blocked(client).isPresent());
        assertTrue(blocking.blocked(client).get().startsWith("sent to the spam trap misterx@mydomain.example, until "),
                blocking.blocked(client).get());
    }

    @Test
    void aSpamTrapHitFromAClientAddressBlocksNothing() {
        var client = fresh();
        var blocking = blocking(RULES + "client-addresses: \"" + client + "\"\n");
        send(blocking, new SessionEvent.SpamTrapHit(client, "REF", "misterx@mydomain.example"), 1);
        assertEquals(1, counted("moat.blocking.events", "kind", "spam-trap"));
        assertTrue(blocking.blocked(client).isEmpty());
    }

    @Test
    void aWhiteHoleIsNeverCounted() {
        var client = fresh();
        var blocking = blocking(RULES + "white-hole-addresses: \"" + client + "\"\n");
        send(blocking, error(client), 10);
        send(blocking, new SessionEvent.SpamTrapHit(client, "REF", "trap@mydomain.example"), 1);
        assertEquals(11, counted("moat.blocking.exempt", "kind", "white-hole"));
        assertTrue(blocking.blocked(client).isEmpty());
        assertFalse(blocking.debugged(client));
    }

    @Test
    void aSuccessfulLoginMakesTheAddressUnblockableForTheUnblockingTime() {
        var blocking = blocking(RULES + "  unblocking-time: 2h\n");
        var client = fresh();
        send(blocking, new SessionEvent.LoginSucceeded(client, "alice@mydomain.example", "REF"), 1);
        var entry = member.blocking().get(TemporaryList.UNBLOCKABLE, client.toString()).orElseThrow();
        assertEquals(Duration.ofHours(2).toMillis(), entry.untilMillis() - entry.startMillis());
        send(blocking, new SessionEvent.LoginFailed(client, "alice@mydomain.example", "REF"), 5);
        send(blocking, error(client), 5);
        assertEquals(10, counted("moat.blocking.exempt", "kind", "unblockable"));
        assertTrue(blocking.blocked(client).isEmpty());
    }

    @Test
    void loopbackAndTheNodesOwnAddressesAreNeverCounted() {
        var own = fresh();
        var host = new HostFacts("mx.test.example");
        var settings = EffectiveSettings.build(ServerSettings.parse(RULES, host).value(), ClusterSettings.empty(), 1);
        var blocking = new TemporaryBlocking(new TemporaryBlocking.Setup(() -> settings, () -> false,
                AddressSet.unionOf(java.util.List.of(dev.moat.net.NetworkAddressList.parse(own.toString()).list()
                        .addresses())), "node-test", clock), member.blocking(), new MoatMetrics(registry));
        for (var client : new IpAddress[] {IpAddress.parse("127.0.0.9"), IpAddress.parse("::1"), own}) {
            send(blocking, new SessionEvent.SpamTrapHit(client, "REF", "trap@mydomain.example"), 1);
        }
        assertEquals(2, counted("moat.blocking.exempt", "kind", "loopback"));
        assertEquals(1, counted("moat.blocking.exempt", "kind", "local"));
        assertTrue(blocking.blocked(own).isEmpty());
    }

    @Test
    void theTrustedProxiesOfAnyListenerAreNeverCounted() {
        var proxy = fresh();
        var blocking = blocking(RULES + """
                smtp:
                  listeners:
                    - {name: smtp, port: 0}
                    - {name: behind-balancer, port: 0, proxy-protocol: true, trusted-proxies: "%s"}
                """.formatted(proxy));
        send(blocking, new SessionEvent.SpamTrapHit(proxy, "REF", "trap@mydomain.example"), 1);
        assertEquals(1, counted("moat.blocking.exempt", "kind", "trusted-proxy"));
        assertTrue(blocking.blocked(proxy).isEmpty());
    }

    @Test
    void failedLoginsForOneNameFromManyAddressesBlockTheAddressesThatKeepTrying() {
        var blocking = blocking(RULES);
        var guessers = new IpAddress[6];
        for (int i = 0; i < guessers.length; i++) {
            guessers[i] = fresh();
            send(blocking, new SessionEvent.LoginFailed(guessers[i], "Bob@MyDomain.example", "REF"), 1);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(blocking.blocked(guessers[i]).isEmpty(), "one failure each, within the name's first four");
        }
        assertTrue(blocking.blocked(guessers[4]).isPresent()
                && blocking.blocked(guessers[5]).isPresent());
        assertTrue(blocking.blocked(guessers[5]).get().contains("failed logins as bob@mydomain.example"),
                blocking.blocked(guessers[5]).get());
    }

    @Test
    void moreThanNFailedLoginsFromOneAddressBlockIt() {
        var blocking = blocking(RULES);
        var client = fresh(true);
        send(blocking, new SessionEvent.LoginFailed(client, "carol" + NEXT.get() + "@mydomain.example", "REF"), 3);
        assertTrue(blocking.blocked(client).isPresent());
        assertTrue(blocking.blocked(client).get().startsWith("3 failed logins within 10m"), blocking.blocked(client).get());
    }

    @Test
    void aFullListTakesNoNewAddressKeepsTheOldestAndCountsIt() {
        var blocking = blocking(RULES + "  blocked-addresses-limit: 1\n");
        var lists = new InMemberList(TemporaryList.DEBUG);
        int before = lists.size();
        var limit = before + 2;
        var first = fresh();
        var second = fresh();
        var third = fresh();
        assertEquals(AddResult.ADDED, blocking.put(TemporaryList.DEBUG, first.toString(), "by hand", Duration.ofMinutes(5), limit, "admin"));
        assertEquals(AddResult.ADDED, blocking.put(TemporaryList.DEBUG, second.toString(), "by hand", Duration.ofMinutes(5), limit, "admin"));
        assertEquals(AddResult.FULL, blocking.put(TemporaryList.DEBUG, third.toString(), "by hand", Duration.ofMinutes(5), limit, "admin"));
        assertEquals(AddResult.ALREADY_LISTED, blocking.put(TemporaryList.DEBUG, first.toString(), "again", Duration.ofMinutes(5), limit, "admin"));
        assertTrue(blocking.debugged(first) && blocking.debugged(second) && !blocking.debugged(third));
        assertEquals(1, counted("moat.blocking.full", "list", "debug"));
    }

    /** The size of one list on the shared member. */
    private record InMemberList(TemporaryList list) {
        int size() {
            return member.blocking().size(list);
        }
    }
}
