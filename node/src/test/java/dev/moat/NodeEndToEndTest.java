package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.settings.PasswordHash;
import dev.moat.testing.DeadPort;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node, over real sockets: Jakarta Mail sends through it to a next hop the test runs,
 * from a Client address (127.0.0.1) and from a Stranger (127.0.0.5).
 */
class NodeEndToEndTest {
    private static final String CLIENT = "127.0.0.1";
    private static final String STRANGER = "127.0.0.5";

    @TempDir
    Path dir;
    private SmtpSink sink;
    private TestNode nodes;
    private final List<Node> running = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        nodes = new TestNode(dir, 1);
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private Node node(String extra) throws Exception {
        return node("", extra);
    }

    private Node node(String smtpExtra, String extra) throws Exception {
        return node(smtpExtra, extra, sink.port());
    }

    private Node node(String smtpExtra, String extra, int nextHopPort) throws Exception {
        nodes.writeSettings(1, smtpExtra, """
                local-domains: [moat.test]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                  command-timeout: 5s
                """.formatted(nextHopPort) + extra);
        var node = nodes.start(1);
        running.add(node);
        return node;
    }

    @Test
    void aMessageFromAClientArrivesAtTheNextHopByteForByteWithATraceHeader() throws Exception {
        var node = node("");
        var mail = new Mail(TestNode.smtpPort(node), CLIENT);
        var message = mail.message("me@moat.test", "friend@elsewhere.example", "Hello",
                "First line\n.a line that starts with a dot\n..and two\nlast line\n");
        mail.send(message);

        assertEquals(1, sink.messages().size());
        var got = sink.messages().get(0);
        assertTrue(got.mailFrom().startsWith("FROM:<me@moat.test>"), got.mailFrom());
        assertEquals(List.of("friend@elsewhere.example"), got.recipients());
        var data = new String(got.data(), StandardCharsets.ISO_8859_1);
        var received = data.substring(0, data.indexOf("\r\n", data.indexOf("\r\n\tfor ") + 2) + 2);
        assertTrue(received.matches("(?s)Received: from client\\.example \\(\\[127\\.0\\.0\\.1]\\)\r\n\tby "
                + "mx\\.moat\\.test \\(Moat\\) with ESMTP id [0-9A-Z]{10}\r\n\tfor <friend@elsewhere\\.example>; .+\r\n"),
                received);
        assertEquals(Mail.wireForm(message), data.substring(received.length()),
                "everything after the trace header is what the client sent, byte for byte");
    }

    @Test
    void aStrangerCannotRelayButReachesLocalUsers() throws Exception {
        var node = node("");
        var mail = new Mail(TestNode.smtpPort(node), STRANGER);
        var refused = assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("spam@remote.example", "victim@elsewhere.example", "x", "x")));
        var cause = (SMTPAddressFailedException) refused.getNextException();
        assertEquals(550, cause.getReturnCode());
        assertTrue(cause.getMessage().contains("5.7.1 Relaying denied"), cause.getMessage());

        mail.send(mail.message("someone@remote.example", "user@moat.test", "hi", "hello"));
        assertEquals(1, sink.messages().size());
        var data = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertTrue(data.startsWith("Received: from client.example ([127.0.0.5])"), data);
    }

    @Test
    void aRecipientTheNextHopRefusesIsRefusedToTheClient() throws Exception {
        sink.refuse("nobody@moat.test");
        var node = node("");
        var mail = new Mail(TestNode.smtpPort(node), STRANGER);
        var refused = assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("a@remote.example", "nobody@moat.test", "x", "x")));
        var cause = (SMTPAddressFailedException) refused.getNextException();
        assertEquals(550, cause.getReturnCode());
        assertTrue(sink.messages().isEmpty());
    }

    @Test
    void aNextHopThatIsDownGivesTheClient451SoItRetries() throws Exception {
        try (var down = DeadPort.reserve()) {
            var node = node("", "", down.port());
            var mail = new Mail(TestNode.smtpPort(node), CLIENT);
            var refused = assertThrows(MessagingException.class,
                    () -> mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "x")));
            var cause = refused instanceof SendFailedException s && s.getNextException() != null
                    ? s.getNextException() : refused;
            assertTrue(cause.getMessage().contains("451 4.4.1 Next hop 127.0.0.1:" + down.port()
                    + " unreachable: connection refused"), cause.getMessage());
        }
    }

    @Test
    void aNextHopThatRefusesTheDataGivesTheClientItsAnswer() throws Exception {
        sink.answer(SmtpSink.END_OF_DATA, "451 4.3.0 Try later");
        var node = node("");
        var mail = new Mail(TestNode.smtpPort(node), CLIENT);
        var refused = assertThrows(SMTPSendFailedException.class,
                () -> mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "x")));
        assertEquals(451, refused.getReturnCode());
    }

    @Test
    void anAuthenticatedUserRelaysOverStartTls() throws Exception {
        var hash = PasswordHash.create("correct horse".toCharArray());
        var node = node("""
                  auth:
                    users:
                      - name: alice
                        password: "%s"
                """.formatted(hash), "");
        var mail = new Mail(TestNode.smtpPort(node), STRANGER).startTls().login("alice", "correct horse");
        mail.send(mail.message("alice@moat.test", "friend@elsewhere.example", "x", "sent over TLS"));
        assertEquals(1, sink.messages().size());
        var data = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertTrue(data.contains("with ESMTPSA id"), data);

        var wrong = new Mail(TestNode.smtpPort(node), STRANGER).startTls().login("alice", "wrong");
        assertThrows(jakarta.mail.AuthenticationFailedException.class,
                () -> wrong.send(wrong.message("alice@moat.test", "friend@elsewhere.example", "x", "x")));
    }

    @Test
    void aBadSettingsFileIsRefusedAndTheNodeKeepsItsSettings() throws Exception {
        var node = node("");
        var before = node.settings().serverVersion();
        var file = nodes.settingsFile(1);
        var good = Files.readString(file);
        Files.writeString(file, good + "smtp-typo: 1\n");
        Eventually.until("the refusal is counted", () -> scrape(node).contains("moat_settings_rejected_total{layer=\"server\"} 1.0"));
        assertEquals(before, node.settings().serverVersion());
        var mail = new Mail(TestNode.smtpPort(node), STRANGER);
        assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("a@remote.example", "user@other.test", "x", "x")));

        Files.writeString(file, good.replace("local-domains: [moat.test]", "local-domains: [moat.test, other.test]"));
        Eventually.until("the good file is applied", () -> node.settings().isLocalDomain("other.test"));
        mail.send(mail.message("a@remote.example", "user@other.test", "x", "x"));
        assertEquals(1, sink.messages().size());
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        var node = node("");
        var http = HttpClient.newHttpClient();
        var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        var mail = new Mail(TestNode.smtpPort(node), CLIENT);
        mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "x"));
        var metrics = scrape(node);
        assertTrue(metrics.contains("moat_smtp_connections_total{outcome=\"accepted\"} 1.0"), metrics);
        assertTrue(metrics.contains("moat_smtp_messages_total{reason=\"delivered\",result=\"accepted\"} 1.0"), metrics);
        assertTrue(metrics.contains("moat_delivery_latency_seconds_count{mode=\"relay\",result=\"accepted\"} 1"), metrics);
        assertTrue(metrics.contains("moat_cluster_members 1.0"), metrics);
        assertTrue(metrics.contains("moat_settings_server_info{version=\"" + node.settings().serverVersion() + "\"} 1"), metrics);
        assertTrue(metrics.contains("moat_settings_version{document=\"settings\",layer=\"cluster\"} 0.0"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
    }

    static String scrape(Node node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
