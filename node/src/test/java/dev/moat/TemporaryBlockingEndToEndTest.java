package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.blocking.TemporaryList;
import dev.moat.net.IpAddress;
import dev.moat.settings.PasswordHash;
import dev.moat.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary blocking on three real nodes over real sockets: each node has a PROXY listener
 * that trusts 127.0.0.1, so a test speaks for any sender address while all traffic stays on
 * loopback. The cluster-wide settings are the ones in effect.
 */
class TemporaryBlockingEndToEndTest {
    private static final String PROXIED = "behind-balancer";
    private static final String CLUSTER_SETTINGS = """
            temporary-blocking:
              failed-logins: {debug-after: 0, block-after: 2, window: 10m}
              protocol-errors: {debug-after: 0, block-after: 4, window: 10m}
              blocking-time: 4s
            """;

    private static final String HASH = PasswordHash.create("right-password".toCharArray());

    @TempDir
    Path dir;
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        TestNode.closeAll(nodes);
    }

    private TestNode startCluster(int size, String extra) throws Exception {
        var cluster = new TestNode(dir, size);
        Path document = Files.writeString(dir.resolve("cluster-settings.yaml"), CLUSTER_SETTINGS);
        for (int i = 1; i <= size; i++) {
            cluster.writeSettings(i, TestNode.plainAndProxyListeners(PROXIED), """
                      auth:
                        allow-plaintext: true
                        users:
                          - name: alice
                            password: "%s"
                    """.formatted(HASH), """
                    local-domains: [moat.test]
                    client-addresses: "127.0.0.1"
                    """ + extra);
            // The cluster section is written by TestNode; the initial document is added to it here.
            Path file = cluster.settingsFile(i);
            Files.writeString(file, Files.readString(file).replace("cluster:\n", "cluster:\n  initial-document: "
                    + document + "\n"));
            nodes.add(cluster.start(i));
        }
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(size, nodes.get(0).member().memberCount()));
        return cluster;
    }

    /** A session on {@code node}'s PROXY listener for {@code sender}, greeted (or refused: the first reply is returned). */
    private static RawSmtp as(Node node, String sender, StringBuilder greeting) throws Exception {
        var smtp = new RawSmtp(node.smtpAddress(PROXIED).getPort(), "127.0.0.1");
        smtp.raw(sender.contains(":") ? "PROXY TCP6 " + sender + " ::1 40001 25\r\n"
                : "PROXY TCP4 " + sender + " 127.0.0.1 40001 25\r\n");
        greeting.append(smtp.reply());
        return smtp;
    }

    private static String greeting(Node node, String sender) throws Exception {
        var text = new StringBuilder();
        try (var smtp = as(node, sender, text)) {
            return text.toString();
        }
    }

    private static void failLogin(Node node, String sender) throws Exception {
        var greeting = new StringBuilder();
        try (var smtp = as(node, sender, greeting)) {
            assertTrue(greeting.toString().startsWith("220"), greeting::toString);
            smtp.send("EHLO client.example").expect("250");
            String credentials = "\0alice\0wrong";
            smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            smtp.expect("535");
        }
    }

    @Test
    void failedLoginsOnThreeNodesAddUpToOneBlockSeenEverywhereThatEndsALiveSessionAndExpires() throws Exception {
        startCluster(3, "");
        String sender = "192.0.2.50";
        var address = IpAddress.parse(sender);
        var live = new StringBuilder();
        var session = as(nodes.get(2), sender, live);
        assertTrue(live.toString().startsWith("220"), live::toString);
        session.send("EHLO client.example").expect("250");

        // When each node's replica takes the block in, by the lists' own listener (no polling in the measure).
        var arrivals = new java.util.concurrent.ConcurrentHashMap<Integer, Long>();
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            nodes.get(i).member().blocking().onAdded((list, key) -> {
                if (list == TemporaryList.BLOCKED && key.equals(sender)) {
                    arrivals.putIfAbsent(index, System.nanoTime());
                }
            });
        }
        failLogin(nodes.get(0), sender);
        failLogin(nodes.get(1), sender);
        assertTrue(nodes.get(0).blocking().blocked(address).isEmpty(), "two failures are not more than two");
        failLogin(nodes.get(2), sender);

        Eventually.within(Duration.ofSeconds(5), () -> {
            for (var node : nodes) {
                assertTrue(node.blocking().blocked(address).isPresent(), "blocked on every node");
            }
        });
        Eventually.within(Duration.ofSeconds(5), () -> assertEquals(3, arrivals.size()));
        long first = java.util.Collections.min(arrivals.values());
        long last = java.util.Collections.max(arrivals.values());
        long spread = Duration.ofNanos(last - first).toMillis();
        System.out.printf("TemporaryBlockingEndToEndTest: the block reached the last of three nodes %d ms after the "
                + "node that made it%n", spread);
        assertTrue(spread < 200, "seen on every node within 200 ms of the node that blocked: " + spread + " ms");

        String ended = session.reply();
        assertTrue(ended.startsWith("421 4.7.0"), ended);
        assertNull(session.reply(), "and closed");
        session.close();

        for (var node : nodes) {
            String refused = greeting(node, sender);
            assertTrue(refused.startsWith("554 5.7.1") && refused.contains("temporarily blocked: 3 failed logins"),
                    refused);
        }
        var entry = nodes.get(1).member().blocking().get(TemporaryList.BLOCKED, sender).orElseThrow();
        assertTrue(entry.node().startsWith("node-"), entry.node());

        Eventually.within(Duration.ofSeconds(15), () -> {
            for (var node : nodes) {
                assertTrue(node.blocking().blocked(address).isEmpty(), "expired on every node");
            }
        });
        assertTrue(greeting(nodes.get(0), sender).startsWith("220"), "welcome again");
    }

    @Test
    void theBlockSurvivesTheLossOfTheMemberThatOwnsIt() throws Exception {
        startCluster(3, "");
        String sender = "2001:db8::66";
        var address = IpAddress.parse(sender);
        for (int i = 0; i < 3; i++) {
            failLogin(nodes.get(i), sender);
        }
        Eventually.within(Duration.ofSeconds(5), () -> assertTrue(nodes.get(0).blocking().blocked(address).isPresent()));
        var owner = nodes.stream().filter(node -> node.member().ownsKey(
                dev.moat.cluster.ClusterMaps.TEMPORARY_BLOCKED, sender)).findFirst().orElseThrow();
        nodes.remove(owner);
        owner.close();
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, nodes.get(0).member().memberCount()));
        for (var node : nodes) {
            assertTrue(node.blocking().blocked(address).isPresent(), "still blocked after its owner left");
            assertTrue(greeting(node, sender).startsWith("554 5.7.1"));
            assertEquals(1, node.member().mapEntries(dev.moat.cluster.ClusterMaps.TEMPORARY_BLOCKED),
                    "the map itself still holds it");
        }
    }

    @Test
    void garbageCommandsBlockAStrangerButNeitherAWhiteHoleNorALoggedInUserForItsTypos() throws Exception {
        startCluster(1, """
                white-hole-addresses: "198.51.100.9"
                """);
        var node = nodes.get(0);
        for (String sender : new String[] {"203.0.113.5", "198.51.100.9"}) {
            var greeting = new StringBuilder();
            try (var smtp = as(node, sender, greeting)) {
                for (int i = 0; i < 5; i++) {
                    smtp.send("GARBAGE " + i).expect("500");
                }
            }
        }
        Eventually.within(Duration.ofSeconds(5), () -> assertTrue(node.blocking().blocked(IpAddress.parse("203.0.113.5"))
                .isPresent()));
        assertTrue(greeting(node, "203.0.113.5").startsWith("554 5.7.1"), "its next connection is refused");
        assertTrue(greeting(node, "198.51.100.9").startsWith("220"), "a White Hole is never blocked");

        var logged = new StringBuilder();
        try (var smtp = as(node, "203.0.113.77", logged)) {
            smtp.send("EHLO client.example").expect("250");
            String credentials = "\0alice\0right-password";
            smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            smtp.expect("235");
            for (int i = 0; i < 6; i++) {
                smtp.send("MAIL FROM:<broken").expect("5");
            }
        }
        assertTrue(node.blocking().blocked(IpAddress.parse("203.0.113.77")).isEmpty());
        assertTrue(greeting(node, "203.0.113.77").startsWith("220"), "an authenticated user's address is never blocked for its typos");
    }
}
