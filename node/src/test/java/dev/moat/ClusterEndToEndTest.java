package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import jakarta.mail.SendFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes on loopback: a cluster-wide Client list changed through the admin API of one
 * node takes effect for SMTP on the other two, and survives the whole cluster stopping; a
 * cluster-wide Blacklisted list changed on one node refuses mail on another; every member's
 * SMTP traffic, from its own meters, is reported through any node.
 */
class ClusterEndToEndTest {
    private static final String NEW_CLIENT = "127.0.0.9";
    private static final String DOCUMENT = "/api/v1/cluster/documents/settings";

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        TestNode.closeAll(running);
    }

    @Test
    void aClusterWideClientListChangeReachesEveryNodeAndSurvivesAFullStop() throws Exception {
        try (var sink = new SmtpSink()) {
            var nodes = new TestNode(dir, 3);
            nodes.startRelayCluster(sink.port(), running);
            for (int i = 1; i <= 2; i++) {
                assertRelayRefused(running.get(i));
            }

            var current = get(running.get(0), DOCUMENT);
            assertEquals(200, current.statusCode());
            var etag = current.headers().firstValue("ETag").orElseThrow();
            var invalid = http.send(HttpRequest.newBuilder(uri(running.get(0), DOCUMENT))
                    .header("Authorization", "Bearer " + TestNode.TOKEN)
                    .header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofString("client-addresses: |\n  127.0.0.9\n  300.1.2.3\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, invalid.statusCode(), invalid.body());
            assertTrue(invalid.body().contains("\"line\":3"), "the bad line is named: " + invalid.body());
            assertEquals(etag, get(running.get(1), DOCUMENT).headers().firstValue("ETag").orElseThrow(),
                    "a refused document changes nothing");
            var put = http.send(HttpRequest.newBuilder(uri(running.get(0), DOCUMENT))
                    .header("Authorization", "Bearer " + TestNode.TOKEN)
                    .header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofString("client-addresses: |\n  " + NEW_CLIENT + "\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            var stale = http.send(HttpRequest.newBuilder(uri(running.get(0), DOCUMENT))
                    .header("Authorization", "Bearer " + TestNode.TOKEN)
                    .header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofString("client-addresses: \"\"\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, stale.statusCode(), "a write on a stale version is refused: " + stale.body());

            long started = System.nanoTime();
            for (int i = 1; i <= 2; i++) {
                var node = running.get(i);
                Eventually.within(Duration.ofSeconds(5), () -> assertTrue(
                        node.settings().clientAddresses().contains(dev.moat.net.IpAddress.parse(NEW_CLIENT))));
            }
            long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(took < 1000, "every member applies the change within a second, took " + took + " ms");
            for (int i = 1; i <= 2; i++) {
                relay(running.get(i));
            }
            assertEquals(2, sink.messages().size());
            var members = get(running.get(2), "/api/v1/cluster/members").body();
            assertTrue(members.contains("node-1") && members.contains("node-2") && members.contains("node-3"), members);

            TestNode.closeAll(running);
            for (int i = 1; i <= 3; i++) {
                running.add(nodes.start(i));
            }
            for (var node : running) {
                Eventually.within(Duration.ofSeconds(30), () -> assertTrue(
                        node.settings().clientAddresses().contains(dev.moat.net.IpAddress.parse(NEW_CLIENT)),
                        "the saved Client list came back after a full stop"));
            }
            relay(running.get(1));
            assertEquals(3, sink.messages().size());
            var after = get(running.get(2), DOCUMENT);
            assertTrue(after.body().contains(NEW_CLIENT), after.body());
        }
    }

    @Test
    void aClusterWideBlacklistedChangeOnOneNodeRefusesMailOnAnother() throws Exception {
        String spammer = "127.0.0.21";
        try (var sink = new SmtpSink()) {
            var nodes = new TestNode(dir, 2);
            nodes.startRelayCluster(sink.port(), running);
            var other = running.get(1);
            mailLocal(other, spammer);
            assertEquals(1, sink.messages().size(), "not blacklisted yet");

            var etag = get(running.get(0), DOCUMENT).headers().firstValue("ETag").orElseThrow();
            var bad = put(running.get(0), etag, "blacklisted-addresses: |\n  127.0.0.21\n  127.0.0.300\n");
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("\"line\":3"), "the bad line is named: " + bad.body());
            var good = put(running.get(0), etag, "blacklisted-addresses: |\n  ; spam run 2026-11\n  " + spammer + "\n");
            assertEquals(200, good.statusCode(), good.body());

            Eventually.within(Duration.ofSeconds(5), () -> assertTrue(
                    other.settings().blacklistedAddresses().contains(dev.moat.net.IpAddress.parse(spammer))));
            var refused = assertThrows(SendFailedException.class, () -> mailLocal(other, spammer));
            assertTrue(refused.getNextException().getMessage().contains("550 5.7.1 Mail from " + spammer
                    + " refused: the address is blacklisted"), refused::toString);
            assertEquals(1, sink.messages().size());
            var status = AddressListsEndToEndTest.status(other, spammer);
            assertEquals("Blacklisted", status.get("status").asText());
            assertEquals("listed in Blacklisted IP Addresses (cluster-wide blacklisted-addresses, line 2: " + spammer + ")",
                    status.get("reason").asText());
        }
    }

    @Test
    void everyMembersTrafficIsReportedFromItsOwnMetersThroughAnyNode() throws Exception {
        try (var sink = new SmtpSink()) {
            new TestNode(dir, 2).startRelayCluster(sink.port(), running);
            mailLocal(running.get(1), "127.0.0.22");
            assertEquals(1, sink.messages().size());

            var traffic = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(running.get(0), "/api/v1/cluster/traffic").body());

            assertEquals(1, traffic.path("members").path("node-2").path("messagesAccepted").asLong(), traffic.toString());
            assertEquals(1, traffic.path("members").path("node-2").path("connectionsAccepted").asLong(), traffic.toString());
            assertEquals(0, traffic.path("members").path("node-1").path("messagesAccepted").asLong(), traffic.toString());
            assertEquals(0, traffic.path("members").path("node-1").path("messagesRefused").asLong(), traffic.toString());
            assertEquals("[\"node-1\",\"node-2\"]", traffic.path("answered").toString());
            assertEquals(0, traffic.path("missing").size());
            assertEquals(401, http.send(HttpRequest.newBuilder(uri(running.get(0), "/api/v1/cluster/traffic")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the token is needed");
        }
    }

    private static void mailLocal(Node node, String from) throws Exception {
        var mail = new Mail(TestNode.smtpPort(node), from);
        mail.send(mail.message("me@remote.example", "user@moat.test", "x", "x"));
    }

    private HttpResponse<String> put(Node node, String etag, String document) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(node, DOCUMENT))
                .header("Authorization", "Bearer " + TestNode.TOKEN)
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(document))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRelayRefused(Node node) {
        var mail = new Mail(TestNode.smtpPort(node), NEW_CLIENT);
        assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("me@remote.example", "friend@elsewhere.example", "x", "x")));
    }

    private static void relay(Node node) throws Exception {
        var mail = new Mail(TestNode.smtpPort(node), NEW_CLIENT);
        mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "relayed", "hello"));
    }

    private HttpResponse<String> get(Node node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(node, path)).header("Authorization", "Bearer " + TestNode.TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Node node, String path) {
        return URI.create("http://127.0.0.1:" + node.adminPort() + path);
    }
}
