package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.settings.HostFacts;
import dev.moat.settings.SettingsFileWatcher;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Banned lines on two real nodes of one Hazelcast cluster on loopback, over real sockets:
 * node 1 has server-wide list files, node 2 none; the cluster-wide documents are put through
 * the admin API. The tests run in order, since they change the lists the nodes share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BannedLinesEndToEndTest {
    private static final String SERVER_LINE = "Only on node one: a server-wide banned line";
    private static final String CLUSTER_LINE = "A cluster-wide banned line";
    private static final String STRANGER = "127.0.0.5";

    private final List<Node> running = new ArrayList<>();
    private SmtpSink sink;
    private TestNode nodes;
    private Path bodyFile;
    private Node one;
    private Node two;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sink = new SmtpSink();
        bodyFile = Files.writeString(dir.resolve("banned-body-lines.txt"), SERVER_LINE + "\n");
        Path headerFile = Files.writeString(dir.resolve("banned-header-lines.txt"), "X-Mailer: MassMailer 3.1\n");
        nodes = new TestNode(dir, 2);
        nodes.writeSettings(1, TestNode.relayTo(sink.port()) + """
                banned-lines:
                  header-file: %s
                  body-file: %s
                """.formatted(headerFile, bodyFile));
        nodes.writeSettings(2, TestNode.relayTo(sink.port()));
        one = nodes.start(1);
        running.add(one);
        two = nodes.start(2);
        running.add(two);
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, one.member().memberCount()));
    }

    @AfterAll
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    /** Sends a message whose body holds {@code line} to {@code node}, the body in writes of {@code piece} octets; answers the reply to its end. */
    private static String send(Node node, String line, int piece) throws Exception {
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), STRANGER)) {
            smtp.expect("220 ");
            smtp.send("EHLO client.example").expect("250");
            smtp.send("MAIL FROM:<sender@remote.example>").expect("250 ");
            smtp.send("RCPT TO:<bob@moat.test>").expect("250 ");
            smtp.send("DATA").expect("354 ");
            smtp.pieces("Subject: test\r\n\r\nfirst line\r\n" + line + "\r\nlast line\r\n.\r\n", piece);
            return smtp.reply();
        }
    }

    /** {@link #send} in 64-octet pieces, for an assertion inside a lambda. */
    private static String sendUnchecked(Node node, String line) {
        try {
            return send(node, line, 64);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean banned(String reply) {
        assertTrue(reply.startsWith("554 5.7.1 ") || reply.startsWith("250 "), reply);
        return reply.startsWith("554 5.7.1 Message refused: its content is banned by policy (ref ");
    }

    private static double matched(Node node, String list) {
        var counter = node.registry().find(MoatMetrics.BANNED_LINES_MATCHED).tag("list", list).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String put(Node node, String document, String text, int expectedStatus) throws Exception {
        var admin = new AdminClient(node, TestNode.TOKEN);
        String etag = admin.get("/api/v1/cluster/documents/" + document, "application/json").headers()
                .firstValue("ETag").orElseThrow();
        var answer = admin.put("/api/v1/cluster/documents/" + document, text, etag);
        assertEquals(expectedStatus, answer.statusCode(), answer.body());
        return answer.body();
    }

    @Test
    @Order(1)
    void aBannedLineSplitAcrossNetworkReadsIsFound() throws Exception {
        double before = matched(one, "body");

        assertTrue(banned(send(one, SERVER_LINE, 3)), "written three octets at a time, the line cut in many places");
        assertTrue(banned(send(one, SERVER_LINE, 1)), "and one octet at a time");
        assertEquals(before + 2, matched(one, "body"));
        assertTrue(sink.messages().isEmpty(), "nothing reached the next hop");
        assertTrue(!banned(send(one, SERVER_LINE + " and more", 1)), "a longer line passes");
    }

    @Test
    @Order(2)
    void serverWideAndClusterWideListsAreCombinedByUnion() throws Exception {
        put(two, "banned-body-lines", CLUSTER_LINE + "\n", 200);
        Eventually.until("both nodes apply the cluster-wide list",
                () -> one.settings().bannedLines().body(CLUSTER_LINE) != null
                        && two.settings().bannedLines().body(CLUSTER_LINE) != null);

        assertTrue(banned(send(one, SERVER_LINE, 64)), "node 1: its server-wide line");
        assertTrue(banned(send(one, CLUSTER_LINE, 64)), "node 1: the cluster-wide line");
        assertTrue(banned(send(two, CLUSTER_LINE, 64)), "node 2: the cluster-wide line");
        assertTrue(!banned(send(two, SERVER_LINE, 64)), "node 2: node 1's server-wide line is not its own");
        assertEquals("cluster-wide", two.settings().bannedLines().body(CLUSTER_LINE).layer());
        assertEquals("server-wide", one.settings().bannedLines().body(SERVER_LINE).layer());
    }

    @Test
    @Order(3)
    void aBadClusterDocumentIsRefusedWithItsLineNamedAndTheRunningListStays() throws Exception {
        long version = two.documentVersions().get("banned-body-lines");

        String body = put(one, "banned-body-lines", "new line one\nnew line two\n\u0007bell\n", 400);

        assertTrue(body.contains("\"line\":3"), body);
        assertTrue(body.contains("holds the control character U+0007 at column 1"), body);
        assertEquals(version, two.documentVersions().get("banned-body-lines"));
        assertNotNull(two.settings().bannedLines().body(CLUSTER_LINE), "the running list stays");
        assertNull(two.settings().bannedLines().body("new line one"));
        assertTrue(banned(send(two, CLUSTER_LINE, 64)));
    }

    @Test
    @Order(4)
    void aBadServerWideFileIsRefusedWithItsLineNamedAndTheRunningListStays() throws Exception {
        var rejected = one.registry().find(MoatMetrics.SETTINGS_REJECTED).tag("layer", "server").counter();
        double before = rejected == null ? 0 : rejected.count();
        Files.writeString(bodyFile, "a new line\n\nanother\n");

        Eventually.until("the node refuses the new list", () -> {
            var counter = one.registry().find(MoatMetrics.SETTINGS_REJECTED).tag("layer", "server").counter();
            return counter != null && counter.count() > before;
        });
        var errors = SettingsFileWatcher.load(nodes.settingsFile(1), new HostFacts(TestNode.HOST)).errors();
        assertEquals(1, errors.size(), errors::toString);
        assertEquals("line 2: banned-lines.body-file " + bodyFile + ": is empty or blank: it would ban every message "
                + "holding such a line (remove it)", errors.get(0).toString());
        assertNotNull(one.settings().bannedLines().body(SERVER_LINE), "the running list stays");
        assertNull(one.settings().bannedLines().body("a new line"));
        assertTrue(banned(send(one, SERVER_LINE, 64)));

        Files.writeString(bodyFile, SERVER_LINE + "\n");
        Eventually.until("the node is back on the good list", () -> one.settings().bannedLines().body(SERVER_LINE) != null
                && one.settings().serverVersion().equals(SettingsFileWatcher.load(nodes.settingsFile(1),
                        new HostFacts(TestNode.HOST)).value().sourceHash()));
    }

    @Test
    @Order(5)
    void aHundredThousandLineListIsReloadedLiveFromItsFileAndAsAClusterDocument() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            big.append(i % 10 == 0 ? "Offer " + i + " for *, click now" : "Spam line number " + i + " from a copied message")
                    .append('\n');
        }
        String last = "Spam line number 99999 from a copied message";
        String serverVersion = one.settings().serverVersion();

        long started = System.nanoTime();
        Files.writeString(bodyFile, big.toString());
        Eventually.within(Duration.ofSeconds(30), () -> assertNotNull(one.settings().bannedLines().body(last)));
        long fileMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(!serverVersion.equals(one.settings().serverVersion()), "a new version of the settings");
        assertNull(one.settings().bannedLines().body(SERVER_LINE), "the new file replaced the old list");
        // The settings are current before the sessions' checks are rebuilt from them: wait for those.
        Eventually.within(Duration.ofSeconds(30), () -> assertTrue(banned(sendUnchecked(one, last))));
        assertTrue(banned(send(one, "Offer 500 for you and yours, click now", 64)));

        started = System.nanoTime();
        put(one, "banned-body-lines", big.toString().replace("Spam line", "Cluster line"), 200);
        String clusterLast = "Cluster line number 99999 from a copied message";
        Eventually.within(Duration.ofSeconds(30), () -> assertNotNull(two.settings().bannedLines().body(clusterLast)));
        long documentMillis = (System.nanoTime() - started) / 1_000_000;
        Eventually.within(Duration.ofSeconds(30), () -> assertTrue(banned(sendUnchecked(two, clusterLast))));
        assertNull(two.settings().bannedLines().body(CLUSTER_LINE), "the new version replaced the old list");
        System.out.printf("100,000-line list: applied from its file in %d ms (1 s polls, one stable poll), "
                + "as a cluster document on the other node in %d ms%n", fileMillis, documentMillis);
        assertTrue(new String(Files.readAllBytes(bodyFile), StandardCharsets.UTF_8).endsWith(last + "\n"));
    }
}
