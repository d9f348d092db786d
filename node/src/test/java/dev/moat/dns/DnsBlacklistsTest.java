package dev.moat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import dev.moat.policy.RblAnswers;
import dev.moat.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RBL rules of the chapter and NOTES against a real DNS server on loopback: what lists and
 * what does not, the order of zones, allow-lists, dead and unhealthy zones, IPv6 and keys.
 */
class DnsBlacklistsTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.7");
    private final TestDnsServer server = new TestDnsServer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MoatMetrics metrics = new MoatMetrics(registry);
    private final DnsResolver resolver = new DnsResolver(
            new DnsOptions(List.of(server.address()), Duration.ofMillis(200), 2, 1000), metrics);
    private final ZoneHealth health = new ZoneHealth(resolver, metrics, Duration.ofHours(1));

    DnsBlacklistsTest() throws Exception {
    }

    @AfterEach
    void close() {
        health.close();
        resolver.close();
        server.close();
    }

    private static RblZone zone(String name) {
        return new RblZone(name, "", Optional.empty(), 0, List.of(), false);
    }

    /** A zone that passes its RFC 5782 test points. */
    private RblZone healthy(String name) throws Exception {
        server.a("2.0.0.127." + name, "127.0.0.2", 300);
        return zone(name);
    }

    private Optional<RblAnswers.Listed> listing(IpAddress client, RblZone... zones) {
        return new DnsBlacklists(resolver, List.of(zones), health, true, metrics).firstListing(client)
                .toCompletableFuture().join();
    }

    @Test
    void anAnswerIn127ListsWithTheZoneTheAnswerAndItsTxtText() throws Exception {
        RblZone zone = healthy("rbl.test");
        server.a("7.2.0.192.rbl.test", "127.0.0.2", 300).txt("7.2.0.192.rbl.test", "Listed: see https://rbl.test/q?192.0.2.7\r\nBcc: x");

        var listed = listing(CLIENT, zone).orElseThrow();
        assertEquals("rbl.test", listed.zone());
        assertEquals("127.0.0.2", listed.answer());
        assertEquals("Listed: see https://rbl.test/q?192.0.2.7  Bcc: x", listed.text(),
                "printable ASCII only: a zone cannot break the reply into lines");
        assertFalse(listed.allowList());
    }

    @Test
    void theNegativeTestPointTheErrorCodesAndAnswersOutside127DoNotList() throws Exception {
        RblZone zone = healthy("rbl.test");
        server.a("7.2.0.192.rbl.test", "127.0.0.1", 300)
                .a("8.2.0.192.rbl.test", "127.255.255.254", 300)
                .a("9.2.0.192.rbl.test", "10.0.0.1", 300);

        assertEquals(Optional.empty(), listing(CLIENT, zone));
        assertEquals(Optional.empty(), listing(IpAddress.parse("192.0.2.9"), zone));
        assertEquals(1.0, registry.find(MoatMetrics.RBL_ERRORS).tag("kind", "outside").counter().count());
        assertEquals(Optional.empty(), listing(IpAddress.parse("192.0.2.8"), zone));
        assertEquals(1.0, registry.find(MoatMetrics.RBL_ERRORS).tag("kind", "code").counter().count());
        assertTrue(health.problem(zone).contains("error code 127.255.255.254"), "refusing us: unhealthy at once");
    }

    @Test
    void aZoneListsOnlyTheAnswersAndMaskItNames() throws Exception {
        server.a("2.0.0.127.codes.test", "127.0.0.4", 300).a("7.2.0.192.codes.test", "127.0.0.2", 300)
                .a("8.2.0.192.codes.test", "127.0.0.4", 300);
        server.a("2.0.0.127.mask.test", "127.0.0.6", 300).a("7.2.0.192.mask.test", "127.0.0.2", 300)
                .a("8.2.0.192.mask.test", "127.0.0.8", 300);
        var codes = new RblZone("codes.test", "", Optional.of(NetworkAddressList.parse("127.0.0.3-127.0.0.5").list()
                .addresses()), 0, List.of(), false);
        var mask = new RblZone("mask.test", "", Optional.empty(), 0b0110, List.of(), false);

        assertEquals(Optional.empty(), listing(CLIENT, codes));
        assertEquals("127.0.0.4", listing(IpAddress.parse("192.0.2.8"), codes).orElseThrow().answer());
        assertEquals("127.0.0.2", listing(CLIENT, mask).orElseThrow().answer());
        assertEquals(Optional.empty(), listing(IpAddress.parse("192.0.2.8"), mask), "8 & 6 is 0");
    }

    @Test
    void theFirstZoneInOrderDecidesEvenWhenALaterOneAnswersFirst() throws Exception {
        RblZone first = healthy("first.test");
        RblZone second = healthy("second.test");
        server.a("7.2.0.192.first.test", "127.0.0.3", 300).a("7.2.0.192.second.test", "127.0.0.2", 300);
        listing(IpAddress.parse("198.51.100.1"), second);

        assertEquals("first.test", listing(CLIENT, first, second).orElseThrow().zone());
        assertEquals("second.test", listing(CLIENT, second, first).orElseThrow().zone());
    }

    @Test
    void everyZoneIsAskedAtOnceSoADeadZoneCostsOneTimeoutNotTheSum() throws Exception {
        server.neverAnswer("dead1.test").neverAnswer("dead2.test");
        RblZone live = healthy("live.test");
        server.a("7.2.0.192.live.test", "127.0.0.2", 300);
        long started = System.nanoTime();

        var listed = listing(CLIENT, zone("dead1.test"), zone("dead2.test"), live);

        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals("live.test", listed.orElseThrow().zone(), "a zone that does not answer lists nothing");
        assertTrue(took < 2 * 2 * 200 + 300, "two dead zones of two 200 ms tries each, at once: " + took + " ms");
    }

    @Test
    void anAllowListListingWinsOverEveryBlacklist() throws Exception {
        RblZone block = healthy("block.test");
        server.a("2.0.0.127.wl.test", "127.0.0.2", 300).a("7.2.0.192.wl.test", "127.0.10.2", 300)
                .a("7.2.0.192.block.test", "127.0.0.2", 300);
        var allow = new RblZone("wl.test", "", Optional.empty(), 0, List.of(), true);

        var listed = listing(CLIENT, block, allow).orElseThrow();
        assertEquals("wl.test", listed.zone());
        assertTrue(listed.allowList());
    }

    @Test
    void anUnhealthyZoneIsSkippedAndSaysWhy() throws Exception {
        server.a("7.2.0.192.broken.test", "127.0.0.2", 300);
        RblZone broken = zone("broken.test");
        var lists = new DnsBlacklists(resolver, List.of(broken), health, true, metrics);
        Eventually.until("the health test fails", () -> !lists.problem(broken).isEmpty());

        assertTrue(lists.problem(broken).contains("127.0.0.2 is not listed"), lists.problem(broken));
        int asked = server.asked("7.2.0.192.broken.test");
        assertEquals(Optional.empty(), lists.firstListing(CLIENT).toCompletableFuture().join());
        assertEquals(asked, server.asked("7.2.0.192.broken.test"), "skipped: not even asked");
        assertEquals(0.0, registry.find(MoatMetrics.RBL_HEALTHY).tag("zone", "broken.test").gauge().value());
    }

    @Test
    void anIpv6ClientIsAskedByItsThirtyTwoReversedNibbles() throws Exception {
        RblZone zone = healthy("rbl.test");
        String nibbles = "7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
        server.a(nibbles + ".rbl.test", "127.0.0.2", 300);

        assertEquals("rbl.test", listing(IpAddress.parse("2001:db8::7"), zone).orElseThrow().zone());
    }

    @Test
    void aKeyGoesIntoTheQueryAndNowhereElse() throws Exception {
        server.a("2.0.0.127.s3cr3tkey.dq.test", "127.0.0.2", 300).a("7.2.0.192.s3cr3tkey.dq.test", "127.0.0.2", 300);
        var keyed = new RblZone("dq.test", "s3cr3tkey", Optional.empty(), 0, List.of(), false);

        var listed = listing(CLIENT, keyed).orElseThrow();
        assertEquals("dq.test", listed.zone());
        assertFalse(keyed.toString().contains("s3cr3tkey"), keyed.toString());
        assertFalse(registry.getMeters().stream().anyMatch(m -> m.getId().toString().contains("s3cr3tkey")));
    }
}
