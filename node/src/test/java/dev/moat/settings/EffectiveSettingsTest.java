package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.moat.net.IpAddress;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.BlacklistedAction;
import dev.moat.policy.Listing;
import dev.moat.policy.SettingsLayer;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per row of spec/NOTES.md "Cluster-wide extensions" built so far, named by its row,
 * and per list the table leaves to us (Denied, LAN, Debug: decided as union).
 */
class EffectiveSettingsTest {
    private static final HostFacts HOST = new HostFacts("mail-7.example.net");

    /** Each list: 192.0.2.0/24 server-wide, 198.51.100.0/24 cluster-wide, 203.0.113.0/24 in both. */
    private static final String SERVER = lists("; server-wide\n192.0.2.0/24\n203.0.113.0/24\n");
    private static final String CLUSTER = lists("198.51.100.0/24\n; cluster-wide\n203.0.113.0/25\n") + "\n";

    private static String lists(String entries) {
        StringBuilder yaml = new StringBuilder();
        for (AddressListKind kind : AddressListKind.values()) {
            yaml.append(kind.key()).append(": |\n");
            entries.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        }
        return yaml.toString();
    }

    /** The row, the question asked of the snapshot, and the answer the row requires. */
    static Stream<Arguments> rows() {
        return Stream.of(
                listRows("Client IP list: union", AddressListKind.CLIENT),
                listRows("Blacklisted IP list: union", AddressListKind.BLACKLISTED),
                listRows("UnBlacklistable (White Hole) IP list: union", AddressListKind.WHITE_HOLE),
                listRows("Denied IP list (not in the table, decided): union", AddressListKind.DENIED),
                listRows("LAN IP list (not in the table, decided): union", AddressListKind.LAN),
                listRows("Debug IP list (not in the table, decided): union", AddressListKind.DEBUG))
                .flatMap(rows -> rows);
    }

    private static Stream<Arguments> listRows(String row, AddressListKind kind) {
        return Stream.of(
                row(row + " (listed server-wide only)", listed(kind, "192.0.2.10"), true),
                row(row + " (listed cluster-wide only)", listed(kind, "198.51.100.10"), true),
                row(row + " (listed in both)", listed(kind, "203.0.113.10"), true),
                row(row + " (listed in neither)", listed(kind, "100.64.0.1"), false));
    }

    private static Arguments row(String name, Predicate<EffectiveSettings> question, boolean answer) {
        return arguments(named(name, question), answer);
    }

    private static Predicate<EffectiveSettings> listed(AddressListKind kind, String address) {
        return settings -> settings.list(kind).contains(IpAddress.parse(address));
    }

    private static EffectiveSettings build(String server, String cluster) {
        return EffectiveSettings.build(ServerSettings.parse(server, HOST).value(), ClusterSettings.parse(cluster).value(), 7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowOfTheClusterWideExtensionsTableCombinesTheLayersAsItSays(Predicate<EffectiveSettings> question, boolean answer) {
        assertEquals(answer, question.test(build(SERVER, CLUSTER)));
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void aMatchNamesTheLayerAndTheLineOfTheListThatListsTheAddress(AddressListKind kind) {
        EffectiveSettings settings = build(SERVER, CLUSTER);

        assertEquals(Optional.of(new Listing(kind, SettingsLayer.SERVER_WIDE, 2, "192.0.2.0/24")),
                settings.list(kind).match(IpAddress.parse("192.0.2.10")));
        assertEquals(Optional.of(new Listing(kind, SettingsLayer.CLUSTER_WIDE, 1, "198.51.100.0/24")),
                settings.list(kind).match(IpAddress.parse("198.51.100.10")));
        assertEquals(Optional.of(new Listing(kind, SettingsLayer.SERVER_WIDE, 3, "203.0.113.0/24")),
                settings.list(kind).match(IpAddress.parse("203.0.113.10")), "both list it: the server-wide line is named");
        assertEquals(Optional.empty(), settings.list(kind).match(IpAddress.parse("100.64.0.1")));
    }

    @Test
    void listedAnywhereHoldsWhatAnyListOfEitherLayerHolds() {
        EffectiveSettings settings = build("""
                client-addresses: 192.0.2.1
                lan-addresses: 192.0.2.2
                denied-addresses: 192.0.2.3
                blacklisted-addresses: 192.0.2.4
                white-hole-addresses: 192.0.2.5
                """, "debug-addresses: 192.0.2.6\n");

        for (int host = 1; host <= 6; host++) {
            assertTrue(settings.listedAnywhere().contains(IpAddress.parse("192.0.2." + host)), "192.0.2." + host);
        }
        assertFalse(settings.listedAnywhere().contains(IpAddress.parse("192.0.2.7")));
    }

    @Test
    void processingOfBlacklistedMailIsServerWideOnly() {
        EffectiveSettings settings = build("blacklisted-action: add-header\nblacklisted-header: 'X-Listed: ^1'\n", "");

        assertEquals(BlacklistedAction.ADD_HEADER, settings.blacklisted().action());
        assertEquals("X-Listed", settings.blacklisted().header().name());
        assertEquals("blacklisted-action", ClusterSettings.parse("blacklisted-action: reject\n").errors().get(0).path(),
                "the cluster-wide document has no such setting");
    }

    @Test
    void anEmptyClusterDocumentLeavesTheServerWideClientsAlone() {
        EffectiveSettings settings = EffectiveSettings.build(ServerSettings.defaults(HOST), ClusterSettings.empty(), 0);

        assertTrue(settings.clientAddresses().contains(IpAddress.parse("127.0.0.1")));
        assertFalse(settings.clientAddresses().contains(IpAddress.parse("192.0.2.10")));
    }

    @Test
    void localDomainsMatchWhateverTheCaseAndATrailingDot() {
        EffectiveSettings settings = build("local-domains: [example.com, Bücher.example]\n", "");

        assertEquals(Set.of("example.com", "xn--bcher-kva.example"), settings.localDomains());
        assertTrue(settings.isLocalDomain("EXAMPLE.com."));
        assertTrue(settings.isLocalDomain("bücher.example"));
        assertFalse(settings.isLocalDomain("mail.example.com"));
        assertFalse(settings.isLocalDomain("[192.0.2.1]"));
    }

    @Test
    void theSnapshotReportsBothVersions() {
        ServerSettings server = ServerSettings.parse(SERVER, HOST).value();

        EffectiveSettings settings = EffectiveSettings.build(server, ClusterSettings.parse(CLUSTER).value(), 42);

        assertEquals(server.sourceHash(), settings.serverVersion());
        assertEquals(42, settings.clusterVersion());
        assertEquals(server, settings.server());
    }
}
