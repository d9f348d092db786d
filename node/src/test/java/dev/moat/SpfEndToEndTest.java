package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.dns.SpfPolicy;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPF on a real node asking a real DNS server on loopback, handing over to a recording next
 * hop: in {@code header} mode (the server's file) a Stranger's message reaches the next hop
 * with {@code Received-SPF:} and {@code Authentication-Results:} naming the node, and a
 * sender's {@code Authentication-Results:} in the node's name never reach the next hop; a rule's
 * {@code spf} condition reads that same check ({@code rules.SpfResults.CHECKED}): one rule
 * refuses a fail of {@code ruled.example} at the end of DATA, another marks a pass, and each
 * acts on its own result only; once the cluster-wide document says {@code reject-fail} and the
 * file no longer writes {@code spf}, a fail is refused at MAIL FROM with {@code 550 5.7.23},
 * and a Client is still not judged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpfEndToEndTest {
    private static final String STRANGER = "127.0.0.5";
    private static final String SETTINGS = """
            local-domains: [moat.test]
            client-addresses: "127.0.0.1"
            dns:
              servers: ["127.0.0.1:%d"]
              timeout: 300ms
            delivery:
              mode: relay
              next-hop: "127.0.0.1:%d"
            rules:
              - name: spf-fail
                when:
                  - sender: {matches: "*@ruled.example"}
                  - spf: {is: fail}
                then:
                  - reject: "The sender's domain does not permit this host"
              - name: spf-pass
                when:
                  - spf: {is: pass}
                then:
                  - add-header: "X-Spf-Rule: passed"
            """;

    private TestDnsServerAccess dns;
    private SmtpSink sink;
    private TestNode nodes;
    private final List<Node> running = new ArrayList<>();
    private Node node;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dns = new TestDnsServerAccess();
        dns.txt("sender.example", "v=spf1 ip4:127.0.0.6 -all");
        dns.txt("ruled.example", "v=spf1 ip4:127.0.0.6 -all");
        sink = new SmtpSink();
        nodes = new TestNode(Files.createDirectories(dir.resolve("n")), 1);
        nodes.writeSettings(1, SETTINGS.formatted(dns.port(), sink.port()) + "spf: header\n");
        node = nodes.start(1);
        running.add(node);
    }

    @AfterAll
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
        dns.close();
    }

    /** One message from {@code client} with Return-Path {@code sender}: the reply to its end of DATA. */
    private String send(String client, String sender) throws Exception {
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), client)) {
            smtp.expect("220 ");
            smtp.send("HELO client.example").expect("250 ");
            smtp.send("MAIL FROM:<" + sender + ">").expect("250 ");
            smtp.send("RCPT TO:<bob@moat.test>").expect("250 ");
            smtp.send("DATA").expect("354 ");
            return smtp.send("Subject: spf\r\n\r\nhello\r\n.").reply();
        }
    }

    private double ruleRejects() {
        return node.registry().find(MoatMetrics.RULES_ACTIONS).tag("action", "reject").counter().count();
    }

    /** The text the next hop received last. */
    private String lastHandedOn() {
        var messages = sink.messages();
        return new String(messages.get(messages.size() - 1).data(), StandardCharsets.ISO_8859_1);
    }

    /** What the next hop received of one message from {@code client} with {@code header} and a body line. */
    private String handedOver(String client, String header) throws Exception {
        int before = sink.messages().size();
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), client)) {
            smtp.expect("220 ");
            smtp.send("HELO client.example").expect("250 ");
            smtp.send("MAIL FROM:<a@sender.example>").expect("250 ");
            smtp.send("RCPT TO:<bob@moat.test>").expect("250 ");
            smtp.send("DATA").expect("354 ");
            smtp.send(header + "\r\nAuthentication-Results: " + host() + "; spf=pass (a body line)\r\n.").expect("250 ");
        }
        Eventually.until("the next hop has the message", () -> sink.messages().size() == before + 1);
        return new String(sink.messages().get(before).data(), StandardCharsets.ISO_8859_1);
    }

    private String host() {
        return node.settings().server().smtp().hostName();
    }

    @Test
    @Order(1)
    void headerModeHandsTheFailOnWithBothHeaders() throws Exception {
        String data = handedOver(STRANGER, "Subject: spf\r\n");
        String host = host();
        assertTrue(data.contains("\r\nReceived-SPF: fail (" + host + ": domain of a@sender.example does not designate "
                + STRANGER + " as permitted sender) client-ip=" + STRANGER + "; envelope-from=\"a@sender.example\"; "
                + "helo=\"client.example\"; receiver=\"" + host + "\"; identity=mailfrom; mechanism=\"-all\"\r\n"), data);
        assertTrue(data.contains("\r\nAuthentication-Results: " + host + "; spf=fail smtp.mailfrom=\"a@sender.example\"\r\n"),
                data);
        assertFalse(data.contains("X-Spf-Rule"), data);
    }

    /**
     * RFC 8601 5: fields a sender wrote with this node's authserv-id (plain, folded, quoted,
     * after a comment, in another case) never reach the next hop; ours, fields of another
     * authserv-id, other fields quoting the name and the body pass as sent.
     */
    @Test
    @Order(1)
    void fieldsClaimingThisNodesAuthservIdAreRemovedAndOursAndOthersReachTheNextHop() throws Exception {
        String host = host();
        String data = handedOver(STRANGER, "Authentication-Results: " + host + "; spf=pass smtp.mailfrom=forged@x.example\r\n"
                + "Subject: forged results\r\n"
                + "Authentication-Results: (says who) \"" + host.toUpperCase(Locale.ROOT) + "\";\r\n\tdkim=pass header.d=x\r\n"
                + "Authentication-Results: other.example; spf=neutral smtp.mailfrom=a@sender.example\r\n"
                + "X-Note: Authentication-Results: " + host + "; spf=pass\r\n"
                + "authentication-results:" + host + "; arc=pass\r\n");
        int headerEnd = data.indexOf("\r\n\r\n");
        String header = data.substring(0, headerEnd + 2);

        assertEquals(1, header.toLowerCase(Locale.ROOT).split("\r\nauthentication-results: ?" + Pattern.quote(
                host.toLowerCase(Locale.ROOT)) + ";", -1).length - 1, header);
        assertTrue(header.contains("\r\nAuthentication-Results: " + host + "; spf=fail smtp.mailfrom=\"a@sender.example\"\r\n"),
                "ours: " + header);
        for (String forged : List.of("forged@x.example", "dkim=pass", "arc=pass")) {
            assertFalse(header.contains(forged), forged + " in " + header);
        }
        assertTrue(header.contains("\r\nSubject: forged results\r\n"), header);
        assertTrue(header.contains("\r\nAuthentication-Results: other.example; spf=neutral smtp.mailfrom=a@sender.example\r\n"),
                header);
        assertTrue(header.contains("\r\nX-Note: Authentication-Results: " + host + "; spf=pass\r\n"), header);
        assertEquals("Authentication-Results: " + host + "; spf=pass (a body line)\r\n", data.substring(headerEnd + 4));
    }

    @Test
    @Order(1)
    void aClientsFieldsArePassedOnAsATrustedMtasResults() throws Exception {
        String field = "Authentication-Results: " + host() + "; spf=pass smtp.mailfrom=a@inside.example\r\n";
        String data = handedOver("127.0.0.1", field + "Subject: from inside\r\n");

        assertTrue(data.contains("\r\n" + field + "Subject: from inside\r\n"), data);
    }

    @Test
    @Order(2)
    void aRulesSpfConditionRefusesAReturnPathThatFailsTheRealCheck() throws Exception {
        int before = sink.messages().size();
        String reply = send(STRANGER, "a@ruled.example");
        assertTrue(reply.startsWith("554 5.7.1 The sender's domain does not permit this host"), reply);
        assertEquals(1, ruleRejects());
        assertEquals(before, sink.messages().size(), "nothing more reached the next hop");
    }

    @Test
    @Order(3)
    void aReturnPathThatPassesIsMarkedByTheOtherRuleAndNotRefused() throws Exception {
        int before = sink.messages().size();
        String reply = send("127.0.0.6", "a@ruled.example");
        assertTrue(reply.startsWith("250 "), reply);
        Eventually.until("the next hop has the message", () -> sink.messages().size() == before + 1);
        String data = lastHandedOn();
        assertTrue(data.contains("\r\nReceived-SPF: pass ("), data);
        assertTrue(data.contains("\r\nX-Spf-Rule: passed\r\n"), data);
        assertEquals(1, ruleRejects(), "the spf-fail rule did not act on a pass");
    }

    @Test
    @Order(4)
    void theClusterWidePolicyRefusesAFailWhereTheFileIsSilent() throws Exception {
        long version = node.member().documents().get("settings").orElseThrow().version();
        node.member().documents().replace("settings", version, "spf: reject-fail\n", "test");
        nodes.writeSettings(1, SETTINGS.formatted(dns.port(), sink.port()));
        Eventually.until("the cluster-wide spf is in force",
                () -> node.settings().spf().mode() == SpfPolicy.Mode.REJECT_FAIL);
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), STRANGER)) {
            smtp.expect("220 ");
            smtp.send("HELO client.example").expect("250 ");
            String reply = smtp.send("MAIL FROM:<a@sender.example>").reply();
            assertTrue(reply.startsWith("550 5.7.23 SPF of sender.example does not allow " + STRANGER), reply);
        }
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), "127.0.0.1")) {
            smtp.expect("220 ");
            smtp.send("HELO client.example").expect("250 ");
            assertEquals("250 2.1.0 Sender <a@sender.example> OK", smtp.send("MAIL FROM:<a@sender.example>").reply());
        }
    }
}
