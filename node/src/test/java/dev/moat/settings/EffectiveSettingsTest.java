package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.moat.net.IpAddress;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per row of spec/NOTES.md "Cluster-wide extensions" built so far, named by its row. */
class EffectiveSettingsTest {
    private static final HostFacts HOST = new HostFacts("mail-7.example.net");

    private static final String SERVER = """
            client-addresses: |
              192.0.2.0/24
            """;
    private static final String CLUSTER = """
            client-addresses: |
              198.51.100.0/24
            """;

    /** The row, the question asked of the snapshot, and the answer the row requires. */
    static Stream<Arguments> rows() {
        return Stream.of(
                row("Client IP list: union (listed server-wide only)", clientAddress("192.0.2.10"), true),
                row("Client IP list: union (listed cluster-wide only)", clientAddress("198.51.100.10"), true),
                row("Client IP list: union (listed in neither)", clientAddress("203.0.113.10"), false));
    }

    private static Arguments row(String name, Predicate<EffectiveSettings> question, boolean answer) {
        return arguments(named(name, question), answer);
    }

    private static Predicate<EffectiveSettings> clientAddress(String address) {
        return settings -> settings.clientAddresses().contains(IpAddress.parse(address));
    }

    private static EffectiveSettings build(String server, String cluster) {
        return EffectiveSettings.build(ServerSettings.parse(server, HOST).value(), ClusterSettings.parse(cluster).value(), 7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowOfTheClusterWideExtensionsTableCombinesTheLayersAsItSays(Predicate<EffectiveSettings> question, boolean answer) {
        assertEquals(answer, question.test(build(SERVER, CLUSTER)));
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
