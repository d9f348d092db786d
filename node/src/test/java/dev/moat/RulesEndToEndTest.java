package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpConversation;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules on a real node over real sockets, with a recording next hop: the server's rules
 * from the settings file, the cluster document {@code rules} put through the admin API (its
 * rules run after the server's; a bad one is refused with its line and the running rules stay),
 * a settings file with a bad rule refused while the running rules stay, a redirect and an added
 * recipient handed to the next hop in relay mode, and the actions counted.
 */
class RulesEndToEndTest {
    private static final String STRANGER = "127.0.0.5";
    private static final String SERVER_RULES = """
            rules:
              - name: no-to-header
                when:
                  - header: {name: To, missing: true}
                then:
                  - reject: "Messages without a To: header are not accepted"
              - name: quarantine
                when:
                  - header: {name: Subject, matches: "*quarantine*"}
                then:
                  - redirect: [quarantine@moat.test]
              - name: archive
                then:
                  - add-recipients: [archive@moat.test]
            """;

    @TempDir
    Path dir;
    private SmtpSink sink;
    private TestNode nodes;
    private final List<Node> running = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        nodes = new TestNode(Files.createDirectories(dir.resolve("node")), 1);
        nodes.writeSettings(1, TestNode.relayTo(sink.port()) + SERVER_RULES);
        running.add(nodes.start(1));
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private Node node() {
        return running.get(0);
    }

    private String send(String message) throws IOException {
        try (var smtp = SmtpConversation.open(TestNode.smtpPort(node()), STRANGER)) {
            smtp.send("EHLO client.example");
            assertTrue(smtp.send("MAIL FROM:<sender@remote.example>").startsWith("250"));
            assertTrue(smtp.send("RCPT TO:<alice@moat.test>").startsWith("250"));
            assertTrue(smtp.send("DATA").startsWith("354"));
            return smtp.send(message + "\r\n.");
        }
    }

    private double actions(String action) {
        return node().registry().find(MoatMetrics.RULES_ACTIONS).tag("action", action).counter().count();
    }

    @Test
    void theChaptersNoToRuleRefusesAtTheEndOfData() throws Exception {
        assertTrue(send("Subject: hi\r\n\r\nno To field").startsWith("554 5.7.1 Messages without a To: header"));
        assertEquals(List.of(), sink.messages());
        assertEquals(1, actions("reject"));
    }

    @Test
    void aRedirectAndAnAddedRecipientReachTheNextHopInOneTransaction() throws Exception {
        assertTrue(send("To: <alice@moat.test>\r\nSubject: for quarantine\r\n\r\nbody").startsWith("250"));
        assertTrue(send("To: <alice@moat.test>\r\nSubject: plain\r\n\r\nbody").startsWith("250"));

        assertEquals(List.of(List.of("quarantine@moat.test", "archive@moat.test"),
                List.of("alice@moat.test", "archive@moat.test")),
                sink.messages().stream().map(SmtpSink.Message::recipients).toList());
        assertEquals(1, actions("redirect"));
        assertEquals(2, actions("add-recipients"));
    }

    @Test
    void theClusterDocumentsRulesRunAfterTheServersAndABadOneIsRefusedWithItsLine() throws Exception {
        var admin = new AdminClient(node(), TestNode.TOKEN);
        var bad = admin.put("/api/v1/cluster/documents/rules", """
                rules:
                  - name: tag
                    then:
                      - tag-subject: ""
                """, "\"0\"");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"line\":4"), bad.body());

        var good = admin.put("/api/v1/cluster/documents/rules", """
                rules:
                  - name: tag
                    then:
                      - tag-subject: "[cluster]"
                """, "\"0\"");
        assertEquals(200, good.statusCode(), good.body());
        Eventually.until("the rules document is applied", () -> node().settings().rules().size() == 4);

        assertTrue(send("To: <alice@moat.test>\r\nSubject: plain\r\n\r\nbody").startsWith("250"));
        String data = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertTrue(data.contains("\r\nSubject: [cluster] plain\r\n"), data);
        assertEquals(List.of("alice@moat.test", "archive@moat.test"), sink.messages().get(0).recipients());
    }

    @Test
    void aSettingsFileWithABadRuleIsRefusedAndTheRunningRulesStay() throws Exception {
        var before = node().registry().find(MoatMetrics.SETTINGS_REJECTED).tag("layer", "server").counter().count();
        nodes.writeSettings(1, TestNode.relayTo(sink.port()) + """
                rules:
                  - name: broken
                    when:
                      - size: {greater-than: huge}
                    then:
                      - discard: true
                """);
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(before + 1, node().registry()
                .find(MoatMetrics.SETTINGS_REJECTED).tag("layer", "server").counter().count()));

        assertEquals(List.of("no-to-header", "quarantine", "archive"),
                node().settings().rules().stream().map(r -> r.name()).toList());
        assertTrue(send("Subject: hi\r\n\r\nno To field").startsWith("554 5.7.1 "));
    }
}
