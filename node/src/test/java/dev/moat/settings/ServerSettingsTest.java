package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.BlacklistedAction;
import dev.moat.policy.HeaderTemplate;
import dev.moat.policy.NameListKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    private static final HostFacts HOST = new HostFacts("Mail-7.Example.net");

    private static ServerSettings valid(String yaml) {
        SettingsResult<ServerSettings> result = ServerSettings.parse(yaml, HOST);
        assertTrue(result.ok(), () -> "errors: " + result.errors());
        return result.value();
    }

    static String fullExample() throws IOException {
        try (InputStream in = ServerSettingsTest.class.getResourceAsStream("/settings/full-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEmptyDocumentGivesEveryDefault() {
        ServerSettings s = valid("");

        assertEquals(new NodeSection("Mail-7.Example.net", Path.of("./data")), s.node());
        assertEquals("Mail-7.Example.net", s.smtp().hostName());
        assertEquals("ESMTP Moat", s.smtp().greeting());
        assertEquals(1, s.smtp().listeners().size());
        ListenerSettings listener = s.smtp().listeners().get(0);
        assertEquals("smtp", listener.name());
        assertEquals("0.0.0.0", listener.address().toString());
        assertEquals(2525, listener.port());
        assertEquals(ListenerKind.SMTP, listener.kind());
        assertFalse(listener.proxyProtocol());
        assertEquals(25L << 20, s.smtp().maxMessageSize());
        assertEquals(100, s.smtp().maxRecipients());
        assertEquals(1000, s.smtp().maxConnections());
        assertEquals(50, s.smtp().maxConnectionsPerAddress());
        assertEquals(10, s.smtp().maxProtocolErrors());
        assertEquals(new SmtpTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(10)), s.smtp().timeouts());
        assertEquals(new TlsSection(true, Optional.empty(), Optional.empty()), s.smtp().tls());
        assertTrue(s.smtp().tls().selfSigned());
        assertEquals(new AuthSection(false, List.of(), 3, 2, 20), s.smtp().auth());
        assertEquals(List.of("localhost", "mail-7.example.net"), s.localDomains());
        assertEquals("127.0.0.0/8\n::1\n", s.lists().client().text());
        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("127.0.0.1")));
        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("::1")));
        assertFalse(s.lists().client().addresses().contains(IpAddress.parse("192.0.2.1")));
        for (AddressListKind kind : List.of(AddressListKind.LAN, AddressListKind.DENIED, AddressListKind.BLACKLISTED,
                AddressListKind.WHITE_HOLE, AddressListKind.DEBUG)) {
            assertTrue(s.lists().get(kind).addresses().isEmpty(), kind::toString);
        }
        assertEquals(BlacklistedAction.REJECT, s.blacklisted().action());
        assertEquals(new HeaderTemplate("X-Blacklisted", "^0 ^1"), s.blacklisted().header());
        assertEquals(new DeliverySection(DeliveryMode.SPOOL, Path.of("./data/spool"), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMinutes(5), 50, Duration.ofSeconds(30), Optional.empty(), Map.of()),
                s.delivery());
        assertEquals("127.0.0.1", s.admin().address().toString(), "the admin API listens on loopback unless told");
        assertEquals(8080, s.admin().port());
        assertEquals(Path.of("./data/admin-token"), s.admin().tokenFile());
        assertEquals(Optional.empty(), s.admin().tls(), "plain HTTP without a certificate");
        assertEquals(Duration.ofSeconds(30), s.admin().requestTimeout());
        assertEquals(new ClusterSection("moat", 5701, List.of("127.0.0.1"), Optional.empty(), Optional.empty(),
                IpAddress.parse("127.0.0.1"), Optional.empty()), s.cluster());
    }

    @Test
    void defaultsAreTheSettingsOfAnEmptyFile() {
        ServerSettings defaults = ServerSettings.defaults(HOST);

        assertEquals(valid("").sourceHash(), defaults.sourceHash());
        assertEquals(valid("").delivery(), defaults.delivery());
    }

    @Test
    void aDocumentOfCommentsAndEmptySectionsIsValidAndGivesTheDefaults() {
        ServerSettings s = valid("""
                # nothing set yet
                node:
                smtp:
                  # max-recipients: 10
                delivery:
                """);

        ServerSettings defaults = ServerSettings.defaults(HOST);
        assertEquals(defaults.node(), s.node());
        assertEquals(defaults.smtp().maxRecipients(), s.smtp().maxRecipients());
        assertEquals(defaults.delivery(), s.delivery());
        assertEquals(defaults.cluster(), s.cluster());
    }

    @Test
    void theFullExampleSetsEveryField() throws IOException {
        ServerSettings s = valid(fullExample());
        assertEquals(6, s.router().size(), "the Router table of the full example");

        assertEquals(new NodeSection("moat-1", Path.of("/var/lib/moat")), s.node());
        assertEquals("mx.example.com", s.smtp().hostName());
        assertEquals(List.of("mx", "submission", "smtps"), s.smtp().listeners().stream().map(ListenerSettings::name).toList());
        ListenerSettings mx = s.smtp().listeners().get(0);
        assertEquals(25, mx.port());
        assertTrue(mx.proxyProtocol());
        assertTrue(mx.trustedProxies().addresses().contains(IpAddress.parse("10.1.2.3")));
        assertEquals(ListenerKind.SMTPS, s.smtp().listeners().get(2).kind());
        assertEquals("::", s.smtp().listeners().get(2).address().toString());
        assertEquals(50L << 20, s.smtp().maxMessageSize());
        assertEquals(200, s.smtp().maxRecipients());
        assertEquals(5, s.smtp().maxProtocolErrors());
        assertEquals(Duration.ofMinutes(10), s.smtp().timeouts().command());
        assertEquals(Duration.ofSeconds(4), s.smtp().timeouts().addressStatus());
        assertTrue(s.verifyReturnPath());
        assertEquals(new dev.moat.dns.SpfPolicy(dev.moat.dns.SpfPolicy.Mode.REJECT_FAIL,
                dev.moat.dns.SpfPolicy.Permerror.REJECT, dev.moat.dns.SpfPolicy.Temperror.DEFER), s.spf().over(SpfSettings.none()));
        assertEquals(new CalloutSection(true, 25, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofHours(12), Duration.ofHours(1), 3), s.callout());
        assertEquals(Duration.ofMillis(400), s.dns().timeout());
        assertEquals(List.of("list.dnswl.example", "zen.example"), s.rblZones().stream().map(z -> z.zone()).toList());
        assertEquals(3, s.bannedLines().lists().header().size(), "the example's banned header lines");
        assertEquals(3, s.bannedLines().lists().body().size(), "the example's banned body lines");
        assertNotNull(s.bannedLines().lists().header().find("Subject: Make money\r\n fast"));
        assertEquals(List.of("no-to-header", "big-from-strangers", "quarantine", "drop-bounces-to-noreply",
                "spamassassin"), s.rules().stream().map(r -> r.name()).toList());
        assertEquals(new dev.moat.rules.ProgramRunner.Bounds(4, 20), s.rulePrograms());
        assertTrue(s.rblZones().get(0).allowList());
        assertEquals(1, s.lists().names(NameListKind.BLACKLISTED).match("A.Dynamic.ISP.example").orElseThrow().line());
        assertEquals(Optional.of(Path.of("/etc/moat/tls/privkey.pem")), s.smtp().tls().privateKey());
        assertTrue(s.smtp().auth().user("alice").orElseThrow().password().matches("correct horse battery staple".toCharArray()));
        assertEquals(List.of("example.com", "example.org"), s.localDomains());
        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("192.0.2.77")));
        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("2001:db8:1:ffff::1")));
        assertTrue(s.lists().lan().addresses().contains(IpAddress.parse("192.168.1.10")));
        assertTrue(s.lists().denied().addresses().contains(IpAddress.parse("203.0.113.66")));
        assertFalse(s.lists().denied().addresses().contains(IpAddress.parse("203.0.113.65")));
        assertTrue(s.lists().blacklisted().addresses().contains(IpAddress.parse("198.51.100.99")));
        assertFalse(s.lists().blacklisted().addresses().contains(IpAddress.parse("198.51.100.7")), "excluded by !");
        assertTrue(s.lists().whiteHole().addresses().contains(IpAddress.parse("198.51.100.7")));
        assertTrue(s.lists().debug().addresses().contains(IpAddress.parse("2001:db8:dead::1")));
        assertEquals(BlacklistedAction.ADD_HEADER, s.blacklisted().action());
        assertEquals(new HeaderTemplate("X-Moat-Blacklisted", "^1 listed by ^0"), s.blacklisted().header());
        assertEquals(DeliveryMode.RELAY, s.delivery().mode());
        assertEquals(Optional.of(new HostAndPort("2001:db8::25", 25)), s.delivery().nextHop());
        assertEquals(Path.of("/var/spool/moat"), s.delivery().spoolDir());
        assertEquals(20, s.delivery().maxConnections());
        assertEquals("10.1.2.3", s.admin().address().toString());
        assertEquals(Optional.of(new CertificateFiles(Path.of("/etc/moat/admin-tls/tls.crt"),
                Path.of("/etc/moat/admin-tls/tls.key"))), s.admin().tls());
        assertEquals(Duration.ofSeconds(20), s.admin().requestTimeout());
        assertEquals(List.of("moat-1.moat", "moat-2.moat:5701", "[2001:db8::3]:5701"), s.cluster().members());
        assertEquals(Optional.empty(), s.cluster().hazelcastConfig());
        assertEquals(Optional.of(Path.of("/etc/moat/cluster-settings.yaml")), s.cluster().initialDocument());
    }

    @Test
    void anErrorInABlockAddressListNamesTheLineOfTheFile() {
        String yaml = """
                smtp:
                  greeting: hello
                client-addresses: |
                  127.0.0.0/8
                  192.0.2.300
                  ::1
                  not-an-address
                """;

        List<SettingsError> errors = ServerSettings.parse(yaml, HOST).errors();

        assertEquals(List.of(5, 7), errors.stream().map(SettingsError::line).toList(), errors::toString);
        assertEquals("client-addresses", errors.get(0).path());
        assertTrue(errors.get(0).message().endsWith("192.0.2.300"), errors.get(0)::toString);
        assertTrue(errors.get(1).message().endsWith("not-an-address"), errors.get(1)::toString);
    }

    @Test
    void anErrorInANestedBlockAddressListWithLeadingBlankLinesNamesTheLineOfTheFile() {
        String yaml = """
                smtp:
                  listeners:
                    - name: mx
                      proxy-protocol: true
                      trusted-proxies: |-   # the load balancers

                        10.0.0.0/8
                        10.0.0.0/33
                """;

        List<SettingsError> errors = ServerSettings.parse(yaml, HOST).errors();

        assertEquals(1, errors.size(), errors::toString);
        assertEquals(8, errors.get(0).line(), errors::toString);
        assertEquals("smtp.listeners[0].trusted-proxies", errors.get(0).path());
    }

    @Test
    void anAddressListWrittenAsAYamlListNamesTheLineOfTheBadItem() {
        String yaml = """
                client-addresses:
                  - 127.0.0.0/8
                  - 2001:db8::/32
                  - 300.1.1.1
                """;

        List<SettingsError> errors = ServerSettings.parse(yaml, HOST).errors();

        assertEquals(List.of(4), errors.stream().map(SettingsError::line).toList(), errors::toString);
    }

    @Test
    void anAddressListWrittenAsAYamlListHoldsItsItems() {
        ServerSettings s = valid("client-addresses: [192.0.2.0/24, '2001:db8::/32']\n");

        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("192.0.2.9")));
        assertTrue(s.lists().client().addresses().contains(IpAddress.parse("2001:db8::9")));
        assertFalse(s.lists().client().addresses().contains(IpAddress.parse("127.0.0.1")));
    }

    @Test
    void aFileLargerThanTheYamlLibrarysDefaultLimitHoldsALongList() {
        StringBuilder yaml = new StringBuilder("blacklisted-addresses: |\n");
        for (int i = 0; i < 250_000; i++) {
            yaml.append("  ").append(IpAddress.ofIpv4(0x0a00_0000 + 4 * i)).append("/31   ; entry\n");
        }
        assertTrue(yaml.length() > 3 << 20, "past the 3 Mi code points snakeyaml allows by default");

        ServerSettings s = valid(yaml.toString());

        assertEquals(250_000, s.lists().blacklisted().entryCount());
    }

    @Test
    void anEmptyClientListListsNoOne() {
        ServerSettings s = valid("client-addresses: \"\"\n");

        assertFalse(s.lists().client().addresses().contains(IpAddress.parse("127.0.0.1")));
    }

    @Test
    void localDomainsAreStoredCanonicalWithoutRepeats() {
        ServerSettings s = valid("local-domains: [Example.COM., example.com, bücher.example]\n");

        assertEquals(List.of("example.com", "xn--bcher-kva.example"), s.localDomains());
    }

    @Test
    void withoutLocalDomainsTheServersOwnNameIsOne() {
        ServerSettings s = valid("smtp:\n  host-name: MX.Example.com\n");

        assertEquals("mx.example.com", s.smtp().hostName());
        assertEquals(List.of("localhost", "mx.example.com"), s.localDomains());
    }

    @Test
    void aListenerIsNamedAfterItsKindUnlessNamed() {
        ServerSettings s = valid("""
                smtp:
                  listeners:
                    - {kind: submission, port: 587}
                    - {kind: smtp, port: 0}
                    - {kind: smtp, port: 0, name: test}
                """);

        assertEquals(List.of("submission", "smtp", "test"), s.smtp().listeners().stream().map(ListenerSettings::name).toList());
    }

    @Test
    void aNextHopWithoutAPortUsesPort25() {
        ServerSettings s = valid("delivery:\n  mode: relay\n  next-hop: Relay.Example.net\n");

        assertEquals(Optional.of(new HostAndPort("relay.example.net", 25)), s.delivery().nextHop());
    }

    @Test
    void namedNextHopsAndTheRelayHostAreReadInOrderWithIpv6InBrackets() {
        ServerSettings s = valid("""
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:2525"
                  relay-host: out.example.net
                  next-hops:
                    RelayHost.Example.: "[2001:db8::25]:2526"
                    partner.example: "mx.partner.example"
                """);

        assertEquals(Optional.of(new HostAndPort("out.example.net", 25)), s.delivery().relayHost());
        assertEquals(List.of("relayhost.example", "partner.example"), List.copyOf(s.delivery().nextHops().keySet()));
        assertEquals(new HostAndPort("2001:db8::25", 2526), s.delivery().nextHops().get("relayhost.example"));
        assertEquals(new HostAndPort("mx.partner.example", 25), s.delivery().nextHops().get("partner.example"));
    }

    @Test
    void theDataDirectoryPlacesTheSpoolAndTheTokenUnlessTheyAreSet() {
        ServerSettings s = valid("node:\n  data-dir: /srv/moat\nadmin:\n  token-file: /run/secrets/token\n");

        assertEquals(Path.of("/srv/moat/spool"), s.delivery().spoolDir());
        assertEquals(Path.of("/run/secrets/token"), s.admin().tokenFile());
    }

    @Test
    void theSourceHashIsAShortHashOfTheTextThatChangesWithIt() {
        String a = valid("smtp:\n  max-recipients: 5\n").sourceHash();
        String b = valid("smtp:\n  max-recipients: 5  # five\n").sourceHash();

        assertTrue(a.matches("[0-9a-f]{12}"), a);
        assertNotEquals(a, b);
        assertEquals(a, valid("smtp:\n  max-recipients: 5\n").sourceHash());
    }
}
