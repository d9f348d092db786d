package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.moat.net.IpAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The resolver's settings and the RBL zones of both layers: read, merged in order, and every mistake named. */
class RblSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.example.net");

    @Test
    void theDefaultsAskTheSystemsServersWithTheChaptersMinimalTimeoutTwice() {
        var dns = ServerSettings.defaults(HOST).dns();

        assertEquals(List.of(), dns.servers(), "none written: resolv.conf");
        assertEquals(Duration.ofMillis(500), dns.timeout());
        assertEquals(2, dns.tries());
        assertTrue(dns.skipUnhealthyZones());
        assertEquals(List.of(), ServerSettings.defaults(HOST).rblZones());
    }

    @Test
    void verifyingHeloAndTheReturnPathIsOffUnlessTheSettingsSaySo() {
        assertFalse(ServerSettings.defaults(HOST).verifyReturnPath());
        assertTrue(ServerSettings.parse("verify-return-path: true\n", HOST).value().verifyReturnPath());
        assertFalse(ServerSettings.parse("verify-return-path: yes\n", HOST).ok(), "true or false only");
    }

    @Test
    void zonesOfBothLayersDecideInOrderTheServersFirst(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("dqs-key"), "abcdef0123\n");
        var server = ServerSettings.parse("""
                dns:
                  servers: ["127.0.0.1:5353", "[::1]"]
                  timeout: 250ms
                rbl-zones:
                  - zone: zen.dq.example
                    key-file: %s
                    answers: "127.0.0.2-127.0.0.11"
                  - zone: list.example
                    servers: ["127.0.0.1:5354"]
                    mask: 4
                """.formatted(key), HOST);
        var cluster = ClusterSettings.parse("""
                rbl-zones:
                  - zone: WL.Example.
                    allow-list: true
                """);
        assertTrue(server.ok(), server.errors()::toString);
        assertTrue(cluster.ok(), cluster.errors()::toString);

        var zones = EffectiveSettings.build(server.value(), cluster.value(), 1).rblZones();
        assertEquals(List.of("zen.dq.example", "list.example", "wl.example"), zones.stream().map(z -> z.zone()).toList());
        assertEquals("7.2.0.192.abcdef0123.zen.dq.example.", zones.get(0).queryName(IpAddress.parse("192.0.2.7")));
        assertFalse(zones.get(0).toString().contains("abcdef0123"), "the key never shows");
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5354)), zones.get(1).servers());
        assertTrue(zones.get(2).allowList());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 53)),
                server.value().dns().servers());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                argumentSet("a zone without its name", "rbl-zones:\n  - answers: 127.0.0.2\n", 2, "rbl-zones[0].zone",
                        "is required"),
                argumentSet("an IP literal for a zone", "rbl-zones:\n  - zone: 192.0.2.1\n", 2, "rbl-zones[0].zone",
                        "must be a DNS zone"),
                argumentSet("a server that is a name", "rbl-zones:\n  - zone: a.example\n    servers: [ns.example]\n", 3,
                        "rbl-zones[0].servers[0]", "must be a DNS server's IP address"),
                argumentSet("a bad accepted answer", "rbl-zones:\n  - zone: a.example\n    answers: 127.0.0.300\n", 3,
                        "rbl-zones[0].answers", ""),
                argumentSet("a mask too large", "rbl-zones:\n  - zone: a.example\n    mask: 256\n", 3, "rbl-zones[0].mask",
                        "must be a whole number from 0 to 255"),
                argumentSet("a key file that is missing", "rbl-zones:\n  - zone: a.example\n    key-file: /nonexistent/key\n", 3,
                        "rbl-zones[0].key-file", "cannot be read"),
                argumentSet("an unknown zone key", "rbl-zones:\n  - zone: a.example\n    allowlist: true\n", 3,
                        "rbl-zones[0].allowlist", "did you mean allow-list?"),
                argumentSet("a timeout too short", "dns:\n  timeout: 1ms\n", 2, "dns.timeout", "must be from 10ms"),
                argumentSet("a DNS server that is a name", "dns:\n  servers: [resolver.example]\n", 2, "dns.servers[0]",
                        "must be a DNS server's IP address"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void everyMistakeIsRefusedWithItsLineAndSetting(String yaml, int line, String path, String message) {
        var parsed = ServerSettings.parse(yaml, HOST);

        assertFalse(parsed.ok());
        var error = parsed.errors().get(0);
        assertEquals(line, error.line(), parsed.errors()::toString);
        assertEquals(path, error.path(), parsed.errors()::toString);
        assertTrue(error.message().contains(message), parsed.errors()::toString);
    }
}
