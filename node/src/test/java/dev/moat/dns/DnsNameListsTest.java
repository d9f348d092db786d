package dev.moat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.AddressStatus;
import dev.moat.policy.Classification;
import dev.moat.policy.RblAnswers;
import dev.moat.policy.TemporaryBlocks;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;

/**
 * The DNS-name lists against a real DNS server: the PTR name, verified forward before it
 * grants anything, matched by templates of both layers, failure texts included, in the status
 * order of NOTES; no PTR query at all without a name list.
 */
class DnsNameListsTest {
    private static final String SERVER = """
            blacklisted-addresses: "192.0.2.66"
            client-dns-names: |
              *.office.test
            white-hole-dns-names: |
              *.partner.test
            blacklisted-dns-names: |
              *.dyn.test
              (host name is unknown)
            """;
    private final TestDnsServer server = new TestDnsServer();
    private final MoatMetrics metrics = new MoatMetrics(new SimpleMeterRegistry());
    private final DnsResolver resolver = new DnsResolver(
            new DnsOptions(List.of(server.address()), Duration.ofMillis(200), 2, 1000), metrics);
    private final ZoneHealth health = new ZoneHealth(resolver, metrics, Duration.ofHours(1));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    DnsNameListsTest() throws Exception {
    }

    @AfterEach
    void close() {
        timer.shutdownNow();
        health.close();
        resolver.close();
        server.close();
    }

    /** {@code address} has PTR {@code name}, which resolves forward to {@code forward}. */
    private void named(String address, String name, String forward) throws Exception {
        server.add(new PTRRecord(Name.fromString(IpAddress.parse(address).reverseName() + "."), DClass.IN, 300,
                Name.fromString(name + ".")));
        if (forward != null) {
            server.a(name, forward, 300);
        }
    }

    private Classification classify(String address, String serverYaml, String clusterYaml, List<RblZone> zones) {
        var settings = EffectiveSettings.build(ServerSettings.parse(serverYaml, new HostFacts("mx.example.net")).value(),
                ClusterSettings.parse(clusterYaml).value(), 1);
        RblAnswers rbl = zones.isEmpty() ? RblAnswers.NONE : new DnsBlacklists(resolver, zones, health, true, metrics);
        return new AddressClassifier(AddressSet.empty(), TemporaryClients.NONE, TemporaryBlocks.NONE,
                new ReverseNameLookup(resolver), rbl)
                .classify(IpAddress.parse(address), settings, Duration.ofSeconds(5), timer).toCompletableFuture().join();
    }

    private Classification classify(String address) {
        return classify(address, SERVER, "", List.of());
    }

    @Test
    void aVerifiedNameOfTheClientListMakesAClientAndTheTestAddressLineShowsIt() throws Exception {
        named("192.0.2.10", "pc-1.office.test", "192.0.2.10");

        var status = classify("192.0.2.10");
        assertEquals(AddressStatus.CLIENT, status.status());
        assertEquals("[192.0.2.10](pc-1.office.test) is Client", status.line(IpAddress.parse("192.0.2.10")));
        assertEquals("its reverse name pc-1.office.test is listed in Client by DNS Name (server-wide client-dns-names,"
                + " line 1: *.office.test)", status.reason().describe());
    }

    @Test
    void anUnverifiedNameGrantsNothingButStillBlacklists() throws Exception {
        named("192.0.2.11", "fake.office.test", "198.51.100.1");
        named("192.0.2.12", "host.dyn.test", null);

        assertEquals(AddressStatus.STRANGER, classify("192.0.2.11").status(), "a name that does not resolve back");
        assertEquals(AddressStatus.BLACKLISTED, classify("192.0.2.12").status());
    }

    @Test
    void aFailedLookupIsItsTextInParenthesesWhichTemplatesMatch() throws Exception {
        var unknown = classify("192.0.2.13");
        assertEquals(AddressStatus.BLACKLISTED, unknown.status());
        assertEquals("[192.0.2.13]((host name is unknown)) is Blacklisted", unknown.line(IpAddress.parse("192.0.2.13")));

        server.neverAnswer("in-addr.arpa");
        assertEquals("(DNS server is not available)", classify("192.0.2.14").reverseName().orElseThrow());
    }

    @Test
    void aWhiteHoleNameBeatsEveryRblButNotTheExplicitBlacklistedList() throws Exception {
        named("192.0.2.15", "mx.partner.test", "192.0.2.15");
        named("192.0.2.66", "mx2.partner.test", "192.0.2.66");
        server.a("2.0.0.127.rbl.test", "127.0.0.2", 300).a("15.2.0.192.rbl.test", "127.0.0.2", 300);
        var zones = List.of(new RblZone("rbl.test", "", java.util.Optional.empty(), 0, List.of(), false));

        assertEquals(AddressStatus.WHITE_HOLE, classify("192.0.2.15", SERVER, "", zones).status());
        assertEquals(AddressStatus.BLACKLISTED, classify("192.0.2.66", SERVER, "", zones).status(),
                "an explicitly Blacklisted address cannot be unblacklisted by a White Hole name");
    }

    @Test
    void theClusterWideNameListsExtendTheServersOwn() throws Exception {
        named("192.0.2.16", "a.branch.test", "192.0.2.16");

        assertEquals(AddressStatus.STRANGER, classify("192.0.2.16").status());
        var status = classify("192.0.2.16", SERVER, "client-dns-names: |\n  *.branch.test\n", List.of());
        assertEquals(AddressStatus.CLIENT, status.status());
        assertTrue(status.reason().describe().contains("cluster-wide client-dns-names"), status.reason().describe());
    }

    @Test
    void withoutANameListNoReverseLookupIsMade() throws Exception {
        named("192.0.2.17", "host.dyn.test", null);

        assertEquals(AddressStatus.STRANGER, classify("192.0.2.17", "local-domains: [moat.test]\n", "", List.of()).status());
        assertEquals(0, server.asked(IpAddress.parse("192.0.2.17").reverseName()));
    }
}
