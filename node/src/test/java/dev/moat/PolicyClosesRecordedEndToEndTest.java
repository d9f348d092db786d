package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.settings.PasswordHash;
import dev.moat.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions that are not a check's verdict leave records too, each found through the API
 * on a real node over real sockets: a temporary block made by failed logins (under the
 * reference of the session that tipped it), the connection it then refuses, a block by hand and
 * the live session it ends, the close after {@code smtp.auth.max-failures}, and the 421 at the
 * per-address connection limit. A PROXY listener trusting 127.0.0.1 lets the test speak for any
 * sender address while all traffic stays on loopback.
 */
class PolicyClosesRecordedEndToEndTest {
    private static final String PROXIED = "behind-balancer";
    private static final Pattern REF = Pattern.compile("\\(ref ([0-9A-Z]{10})\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = PasswordHash.create("right-password".toCharArray());

    @TempDir
    Path dir;
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        TestNode.closeAll(nodes);
    }

    private Node start(String smtpExtra) throws Exception {
        var cluster = new TestNode(dir, 1);
        Path document = Files.writeString(dir.resolve("cluster-settings.yaml"), """
                temporary-blocking:
                  failed-logins: {debug-after: 0, block-after: 2, window: 10m}
                  blocking-time: 1h
                """);
        cluster.writeSettings(1, """
                    - name: %s
                      address: 127.0.0.1
                      port: 0
                      proxy-protocol: true
                      trusted-proxies: "127.0.0.1"
                """.formatted(PROXIED), smtpExtra + """
                  auth:
                    allow-plaintext: true
                    max-failures: 3
                    users:
                      - name: alice
                        password: "%s"
                """.formatted(HASH), "local-domains: [moat.test]\n");
        Path file = cluster.settingsFile(1);
        Files.writeString(file, Files.readString(file).replace("cluster:\n", "cluster:\n  initial-document: "
                + document + "\n"));
        Node node = cluster.start(1);
        nodes.add(node);
        return node;
    }

    private static RawSmtp as(Node node, String sender) throws Exception {
        var smtp = new RawSmtp(node.smtpAddress(PROXIED).getPort(), "127.0.0.1");
        smtp.raw("PROXY TCP4 " + sender + " 127.0.0.1 40001 25\r\n");
        return smtp;
    }

    private static String authPlain(String password) {
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0alice\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String ref(String reply) {
        Matcher matcher = REF.matcher(reply);
        assertTrue(matcher.find(), "no reference in " + reply);
        return matcher.group(1);
    }

    private static JsonNode records(Node node, String query) throws Exception {
        var answer = new AdminClient(node, TestNode.TOKEN).get("/api/v1/decisions?" + query, "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).get("records");
    }

    /** The one record that {@code query} finds, once it is there. */
    private static JsonNode only(Node node, String query) throws Exception {
        Eventually.within(Duration.ofSeconds(10), () -> {
            try {
                assertEquals(1, records(node, query).size(), query);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        return records(node, query).get(0);
    }

    @Test
    void aBlockByFailedLoginsIsRecordedUnderTheTippingSessionAndSoIsTheConnectionItRefuses() throws Exception {
        Node node = start("");
        String sender = "192.0.2.60";
        String tipping = null;
        for (int i = 0; i < 3; i++) {
            try (var smtp = as(node, sender)) {
                smtp.expect("220");
                smtp.send("EHLO client.example").expect("250");
                // A relay refusal shows the session's reference; then the failed login.
                smtp.send("MAIL FROM:<someone@example.org>").expect("250");
                tipping = ref(smtp.send("RCPT TO:<x@elsewhere.example>").expect("5"));
                smtp.send("RSET").expect("250");
                smtp.send(authPlain("wrong")).expect("535");
            }
        }
        JsonNode block = only(node, "address=" + sender + "&check=temporary-block");
        assertEquals("block", block.get("stage").asText());
        assertEquals("block", block.get("action").asText());
        assertEquals(tipping, block.get("ref").asText(), block.toString());
        assertEquals(sender, block.at("/match/subject").asText());
        assertTrue(block.at("/match/detail").asText().startsWith("3 failed logins within 10m (more than 2), until "),
                block.toString());
        assertTrue(block.get("reply").isNull(), block.toString());

        String greeting;
        try (var smtp = as(node, sender)) {
            greeting = smtp.reply();
        }
        assertTrue(greeting.startsWith("554 5.7.1"), greeting);
        JsonNode refused = only(node, "ref=" + ref(greeting));
        assertEquals("connect", refused.get("stage").asText());
        assertEquals("temporary-block", refused.get("check").asText());
        assertEquals("disconnect", refused.get("action").asText());
        assertTrue(refused.at("/match/detail").asText().contains("3 failed logins"), refused.toString());
    }

    @Test
    void aBlockByHandIsRecordedAndTheLiveSessionItEndsToo() throws Exception {
        Node node = start("");
        String sender = "192.0.2.61";
        try (var live = as(node, sender)) {
            live.expect("220");
            live.send("EHLO client.example").expect("250");
            var put = new AdminClient(node, TestNode.TOKEN).put("/api/v1/temporary/blocked/" + sender,
                    "{\"duration\": \"1h\", \"reason\": \"seen in our logs\"}", null);
            assertEquals(201, put.statusCode(), put.body());
            String ended = live.reply();
            assertTrue(ended.startsWith("421 4.7.0"), ended);
            JsonNode close = only(node, "ref=" + ref(ended));
            assertEquals("temporary-block", close.get("check").asText());
            assertEquals("disconnect", close.get("action").asText());
            assertEquals(ended, close.get("reply").asText());
        }
        JsonNode all = records(node, "address=" + sender + "&check=temporary-block");
        assertEquals(2, all.size(), all.toString());
        JsonNode block = null;
        for (JsonNode record : all) {
            if (record.get("stage").asText().equals("block")) {
                block = record;
            }
        }
        assertTrue(block != null, all.toString());
        assertTrue(block.at("/match/detail").asText().startsWith("by hand: seen in our logs, until "), block.toString());
        assertTrue(REF.matcher("(ref " + block.get("ref").asText() + ")").matches(), block.toString());
    }

    @Test
    void theCloseAfterTooManyFailedLoginsIsRecorded() throws Exception {
        Node node = start("");
        try (var smtp = as(node, "192.0.2.62")) {
            smtp.expect("220");
            smtp.send("EHLO client.example").expect("250");
            smtp.send(authPlain("wrong")).expect("535");
            smtp.send(authPlain("wrong")).expect("535");
            smtp.send(authPlain("wrong")).expect("535");
            String closed = smtp.reply();
            assertTrue(closed.startsWith("421 4.7.0"), closed);
            // The third failure also tipped the address's failed-login count: that block shares the reference.
            JsonNode record = only(node, "ref=" + ref(closed) + "&check=login-failures");
            assertEquals(closed, record.get("reply").asText());
            assertEquals("disconnect", record.get("action").asText());
            assertTrue(record.at("/match/detail").asText().startsWith("3 unsuccessful AUTH commands"), record.toString());
        }
    }

    @Test
    void aConnectionRefusedAtThePerAddressLimitIsRecordedUnderTheReferenceOfItsReply() throws Exception {
        Node node = start("  max-connections-per-address: 1\n");
        try (var first = as(node, "192.0.2.63")) {
            first.expect("220");
            String refused;
            try (var second = as(node, "192.0.2.63")) {
                refused = second.reply();
            }
            assertTrue(refused.startsWith("421 4.7.0"), refused);
            JsonNode record = only(node, "ref=" + ref(refused));
            assertEquals("connection-limit", record.get("check").asText());
            assertEquals("connect", record.get("stage").asText());
            assertEquals("192.0.2.63", record.get("client").asText());
            assertEquals("per-address", record.at("/match/subject").asText());
            assertEquals(refused, record.get("reply").asText());
        }
    }
}
