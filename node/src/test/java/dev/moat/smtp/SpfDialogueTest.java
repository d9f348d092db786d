package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.dns.DnsResolver;
import dev.moat.dns.SpfCheck;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Check;
import dev.moat.policy.SpfResult;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPF at MAIL FROM in a conversation, with the node's own checks and a real DNS server on
 * loopback, one named case per rule of the policy: what each mode refuses and with which
 * code, the headers of what it accepts, the HELO identity for {@code <>}, and who is not judged.
 */
class SpfDialogueTest {
    private static final String CLIENT = "192.0.2.7";
    private static final String SETTINGS = """
            local-domains: [moat.test]
            client-addresses: "10.0.0.0/8"
            smtp:
              auth:
                allow-plaintext: true
            """;
    private TestDnsServerAccess dns;
    private DnsResolver resolver;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Fixture f;
    private Dialogue d;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServerAccess();
        resolver = dns.resolver(new MoatMetrics(registry));
        dns.txt("fail.example", "v=spf1 ip4:198.51.100.0/24 -all exp=why.fail.example");
        dns.txt("why.fail.example", "%{i} is not one of %{d}'s senders");
        dns.txt("pass.example", "v=spf1 ip4:" + CLIENT + " -all");
        dns.txt("soft.example", "v=spf1 ~all");
        dns.txt("broken.example", "v=spf1 foo:bar -all");
        dns.txt("helo.example", "v=spf1 -all");
        dns.silent("silent.example");
    }

    @AfterEach
    void close() {
        dns.close();
        if (d != null) {
            d.close();
        }
    }

    private Fixture node(String spf) {
        f = new Fixture(SETTINGS + spf);
        return f.withNodeChecks(resolver);
    }

    private String mailFrom(String client, String helo, String path) {
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO " + helo).expect("250-");
        return d.send("MAIL FROM:<" + path + ">").awaitReply(Duration.ofSeconds(5));
    }

    /** MAIL FROM that passes, then a message: the content the next hop gets. */
    private String delivered(String path) {
        assertEquals("250 2.1.0 Sender <" + path + "> OK", mailFrom(CLIENT, "client.example", path));
        d.send("RCPT TO:<bob@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.send("Subject: hi\r\n\r\nhello\r\n.");
        assertTrue(d.awaitReply(Duration.ofSeconds(5)).startsWith("250 "));
        return f.delivery.messages.get(0).content();
    }

    private double counted(String result) {
        var counter = registry.find(MoatMetrics.SPF_RESULTS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFailIsRefusedInRejectFailWithTheDomainsExplanation() {
        node("spf: reject-fail\n");
        assertEquals("550 5.7.23 SPF of fail.example does not allow " + CLIENT + " to send its mail: " + CLIENT
                + " is not one of fail.example's senders (ref " + "", mailFrom(CLIENT, "client.example", "a@fail.example")
                .replaceAll("\\(ref [A-Z0-9]+\\)$", "(ref "));
        assertEquals(1, counted("fail"));
    }

    @Test
    void aSoftfailPassesInRejectFailWithItsHeaders() {
        node("spf: reject-fail\n");
        String content = delivered("a@soft.example");
        assertTrue(content.contains("Received-SPF: softfail (mx.moat.test: transitioning domain of a@soft.example does not"
                + " designate " + CLIENT + " as permitted sender) client-ip=" + CLIENT
                + "; envelope-from=\"a@soft.example\"; helo=\"client.example\"; receiver=\"mx.moat.test\"; identity=mailfrom;"
                + " mechanism=\"~all\"\r\n"), content);
        assertTrue(content.contains("Authentication-Results: mx.moat.test; spf=softfail smtp.mailfrom=\"a@soft.example\"\r\n"),
                content);
    }

    @Test
    void aSoftfailIsRefusedOnlyInRejectSoftfail() {
        node("spf: reject-softfail\n");
        assertTrue(mailFrom(CLIENT, "client.example", "a@soft.example").startsWith("550 5.7.23 SPF of soft.example"));
    }

    @Test
    void headerModeAcceptsAFailAndSaysSoInBothHeaders() {
        node("spf: header\n");
        String content = delivered("a@fail.example");
        assertTrue(content.contains("Received-SPF: fail (mx.moat.test: domain of a@fail.example does not designate"),
                content);
        assertTrue(content.contains("Authentication-Results: mx.moat.test; spf=fail smtp.mailfrom=\"a@fail.example\""),
                content);
        assertTrue(content.indexOf("Received: ") < content.indexOf("Received-SPF: "), "below the trace field");
    }

    @Test
    void aPassGetsItsHeadersAndIsCounted() {
        node("spf: reject-softfail\n");
        assertTrue(delivered("a@pass.example").contains("Received-SPF: pass (mx.moat.test: domain of a@pass.example "
                + "designates " + CLIENT + " as permitted sender)"));
        assertEquals(1, counted("pass"));
    }

    @Test
    void aDnsFailureIsATemperrorAnd451() {
        node("spf: reject-fail\n");
        assertTrue(mailFrom(CLIENT, "client.example", "a@silent.example")
                .startsWith("451 4.7.24 The SPF record of silent.example could not be checked now (DNS), try again later"));
    }

    @Test
    void aDnsFailureIs451InHeaderModeToo() {
        node("spf: header\n");
        assertTrue(mailFrom(CLIENT, "client.example", "a@silent.example").startsWith("451 4.7.24 "));
    }

    @Test
    void aTemperrorIsOnlyMarkedWhenTheSettingsSaySo() {
        node("spf: reject-fail\nspf-temperror: header\n");
        String content = delivered("a@silent.example");
        assertTrue(content.contains("Received-SPF: temperror"), content);
    }

    @Test
    void aPermerrorGetsTheHeaderByDefault() {
        node("spf: reject-fail\n");
        String content = delivered("a@broken.example");
        assertTrue(content.contains("Received-SPF: permerror (mx.moat.test: the SPF record of broken.example cannot be "
                + "used)"), content);
        assertTrue(content.contains("problem=\"syntax error: unknown or malformed term foo:bar\""), content);
    }

    @Test
    void aPermerrorIsRefusedWith55724WhenConfigured() {
        node("spf: reject-fail\nspf-permerror: reject\n");
        assertTrue(mailFrom(CLIENT, "client.example", "a@broken.example").startsWith(
                "550 5.7.24 The SPF record of broken.example is broken: syntax error: unknown or malformed term foo:bar"));
    }

    @Test
    void theNullSenderIsJudgedByItsHelo() {
        node("spf: reject-fail\n");
        assertTrue(mailFrom(CLIENT, "helo.example", "").startsWith("550 5.7.23 SPF of helo.example does not allow"));
    }

    @Test
    void aClientIsNotJudgedAndCostsNoQuery() {
        node("spf: reject-fail\n");
        int before = dns.total();
        assertEquals("250 2.1.0 Sender <a@fail.example> OK", mailFrom("10.1.2.3", "client.example", "a@fail.example"));
        assertEquals(before, dns.total());
    }

    @Test
    void anAuthenticatedSessionIsNotJudged() {
        node("spf: reject-fail\n");
        d = f.connect(CLIENT);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString("\0alice\0secret".getBytes()));
        assertTrue(d.awaitReply(Duration.ofSeconds(5)).startsWith("235 "));
        assertEquals("250 2.1.0 Sender <a@fail.example> OK", d.send("MAIL FROM:<a@fail.example>")
                .awaitReply(Duration.ofSeconds(5)));
    }

    @Test
    void offAsksNothing() {
        node("");
        int before = dns.total();
        assertEquals("250 2.1.0 Sender <a@fail.example> OK", mailFrom(CLIENT, "client.example", "a@fail.example"));
        assertEquals(before, dns.total());
    }

    @Test
    void theChecksThatFollowSeeTheSpfResultOfTheTransaction() {
        f = new Fixture("local-domains: [moat.test]\n");
        var seen = new AtomicReference<Optional<SpfResult>>();
        Check recording = new Check() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public CompletionStage<Verdict> check(dev.moat.policy.CheckContext context) {
                seen.set(context.spfResult());
                return CompletableFuture.completedFuture(Verdict.pass());
            }
        };
        var policy = new dev.moat.dns.SpfPolicy(dev.moat.dns.SpfPolicy.Mode.HEADER, dev.moat.dns.SpfPolicy.Permerror.HEADER,
                dev.moat.dns.SpfPolicy.Temperror.DEFER);
        f.withLineChecks(Map.of(Stage.MAIL, List.of(new SpfCheck(resolver, policy, Fixture.HOST)),
                Stage.DATA, List.of(recording)));
        delivered("a@soft.example");
        assertEquals(Optional.of(SpfResult.SOFTFAIL), seen.get());
    }
}
