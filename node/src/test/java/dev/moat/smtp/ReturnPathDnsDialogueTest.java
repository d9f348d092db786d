package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.dns.DnsOptions;
import dev.moat.dns.DnsResolver;
import dev.moat.dns.ReturnPathDnsCheck;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Stage;
import dev.moat.router.ReturnPathCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Return-Path verification by DNS and the HELO checks ("Verify HELO and Return-Path") in a
 * conversation, against a real DNS server on loopback, one named case per rule.
 */
class ReturnPathDnsDialogueTest {
    private static final String SETTINGS = """
            local-domains: [moat.test]
            client-addresses: "10.0.0.0/8"
            router: |
              <*@rewritten.example> = *@moat.test
            """;
    private TestDnsServerAccess dns;
    private DnsResolver resolver;
    private Fixture f;
    private Dialogue d;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServerAccess();
        resolver = new DnsResolver(new DnsOptions(List.of(new InetSocketAddress("127.0.0.1", dns.port())),
                Duration.ofMillis(200), 2, 100), new MoatMetrics(new SimpleMeterRegistry()));
        f = new Fixture(SETTINGS);
        f.withChecks(Stage.MAIL, new ReturnPathCheck(f.settings.router()),
                new ReturnPathDnsCheck(resolver, f.settings.router()::route, f.settings.clientAddresses()::contains));
        dns.mx("good.example", 10, "mx.good.example");
        dns.a("mx.good.example", "192.0.2.25");
        dns.a("plain.example", "192.0.2.26");
        dns.mx("nullmx.example", 0, ".");
        dns.mx("faked.example", 10, "nowhere.faked.example");
        dns.txt("txtonly.example", "v=spf1 -all");
        dns.failing("broken.example");
        dns.silent("silent.example");
    }

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
        resolver.close();
        dns.close();
    }

    private String mailFrom(String client, String path) {
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        return d.send("MAIL FROM:<" + path + ">").awaitReply(Duration.ofSeconds(5));
    }

    @Test
    void aDomainWithAnMxWhoseHostHasAnAddressPasses() {
        assertEquals("250 2.1.0 Sender <a@good.example> OK", mailFrom("192.0.2.7", "a@good.example"));
    }

    @Test
    void aDomainWithoutMxButWithAnAddressPasses() {
        assertEquals("250 2.1.0 Sender <a@plain.example> OK", mailFrom("192.0.2.7", "a@plain.example"));
    }

    @Test
    void anUnregisteredDomainIsRefused() {
        assertEquals("553 5.1.8 The Return-Path domain cannot receive mail, so replies could not reach you (ref ",
                mailFrom("192.0.2.7", "a@unregistered.example").replaceAll("\\(ref .*", "(ref "));
    }

    @Test
    void aDomainWithNeitherMxNorAddressIsRefused() {
        assertEquals(553, code(mailFrom("192.0.2.7", "a@txtonly.example")));
    }

    @Test
    void aFakedDomainWhoseMxHostsHaveNoAddressIsRefused() {
        assertEquals(553, code(mailFrom("192.0.2.7", "a@faked.example")));
    }

    @Test
    void aNullMxMeansTheDomainSendsNoMail() {
        var reply = mailFrom("192.0.2.7", "a@nullmx.example");
        assertEquals("550 5.7.27", reply.substring(0, 10), reply);
    }

    @Test
    void aDnsFailureIsATemporaryRefusalNeverPermanent() {
        assertEquals("451 4.4.3", mailFrom("192.0.2.7", "a@broken.example").substring(0, 9));
        d.close();
        assertEquals("451 4.4.3", mailFrom("192.0.2.8", "a@silent.example").substring(0, 9));
    }

    @Test
    void theNullSenderLocalAndRewrittenAddressesAndClientsAskNoDns() {
        assertEquals(250, code(mailFrom("192.0.2.7", "")));
        d.close();
        assertEquals(250, code(mailFrom("192.0.2.7", "alice@moat.test")), "a local address");
        d.close();
        assertEquals(250, code(mailFrom("192.0.2.7", "bob@rewritten.example")), "an address a record rewrites");
        d.close();
        assertEquals(250, code(mailFrom("10.1.2.3", "a@unregistered.example")), "a Client");
    }

    @Test
    void anIpLiteralDomainPassesOnlyFromAClient() {
        assertEquals(553, code(mailFrom("192.0.2.7", "a@[192.0.2.1]")));
        d.close();
        assertEquals(250, code(mailFrom("10.1.2.3", "a@[192.0.2.1]")));
    }

    private static int code(String reply) {
        return Integer.parseInt(reply.substring(0, 3));
    }
}
