package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in containers built from {@code deploy/Dockerfile}, one cluster on loopback,
 * under SMTP load from a real client that retries what gets no 250: a cluster-wide change
 * reaches every member; the nodes restarted one at a time, as a Kubernetes rolling update
 * does, lose no message that got 250, no document version and no Temporary Client; one
 * member cut off by a firewall rule and let back: the documents converge to the highest
 * version and the Temporary Clients and blocked addresses of both sides are there. Counts go to the test's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOAD_ID = Pattern.compile("X-Load-Id: (load-\\d+)");
    /** Quick failure detection and merges, so the partition test takes seconds, not minutes. */
    private static final String HAZELCAST = "-Dhazelcast.max.no.heartbeat.seconds=8 -Dhazelcast.heartbeat.interval.seconds=1 "
            + "-Dhazelcast.merge.first.run.delay.seconds=5 -Dhazelcast.merge.next.run.delay.seconds=3 "
            + "-Dhazelcast.graceful.shutdown.max.wait=20";

    @TempDir
    static Path dir;
    private static SmtpSink sink;
    private static MoatContainers nodes;
    private static long settingsVersion;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        MoatContainers.buildImage();
        sink = new SmtpSink();
        nodes = new MoatContainers(dir, 3, sink.port());
        for (int i = 1; i <= 3; i++) {
            nodes.start(i, HAZELCAST);
        }
        Eventually.within(Duration.ofSeconds(60), () -> assertEquals(3, members(1).size()));
        assertEquals(200, nodes.put(1, "/api/v1/directory/domains/moat.test", "{\"services\": {\"relay\": true}}", null)
                .statusCode());
        assertEquals(200, nodes.put(1, "/api/v1/directory/accounts/alice@moat.test",
                "{\"password\": \"correct horse battery\", \"services\": {\"relay\": true}}", null).statusCode());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    @Order(1)
    void aClusterWideChangeReachesEveryMemberUnderLoad() throws Exception {
        try (var load = new MailLoad(3, nodes::smtpPort, 3)) {
            Eventually.within(Duration.ofSeconds(30), () -> assertTrue(load.accepted().size() >= 20));
            settingsVersion = replaceSettings(1, "blacklisted-addresses: |\n  198.51.100.0/24   ; spam run\n");
            Eventually.within(Duration.ofSeconds(30), () -> {
                for (int i = 1; i <= 3; i++) {
                    assertEquals(Map.of("moat-1", settingsVersion, "moat-2", settingsVersion, "moat-3", settingsVersion),
                            settingsVersions(i), "members as node " + i + " lists them");
                }
            });
            load.close();
            assertEveryAcceptedMessageAtTheNextHop(load, "change");
        }
    }

    @Test
    @Order(2)
    void aRollingRestartLosesNoAcceptedMessageNoDocumentAndNoTemporaryClient() throws Exception {
        loginWithRelay(2, "127.0.0.44");
        everyNodeSees("127.0.0.44", "Temporary Client");
        var load = new MailLoad(3, nodes::smtpPort, 3);
        for (int i = 1; i <= 3; i++) {
            nodes.stop(i);
            nodes.start(i, HAZELCAST);
            int restarted = i;
            Eventually.within(Duration.ofSeconds(60), () -> assertEquals(3, members(restarted).size()));
        }
        Eventually.within(Duration.ofSeconds(30), () -> assertTrue(load.accepted().size() >= 60));
        load.close();
        assertEveryAcceptedMessageAtTheNextHop(load, "rolling restart");
        for (int i = 1; i <= 3; i++) {
            assertEquals(settingsVersion, settingsVersions(i).get("moat-" + i), "node " + i + " kept the document");
        }
        everyNodeSees("127.0.0.44", "Temporary Client");
    }

    @Test
    @Order(3)
    void aPartitionHealsToTheHighestVersionsWithTheTemporaryClientsOfBothSides() throws Exception {
        Assumptions.assumeTrue(nodes.canCutOffTheLast() && iptables("-L", "-n") == 0, "iptables cannot run here, or "
                + MoatContainers.APART + " cannot be added to the loopback interface: the partition test is skipped");
        var cut = List.of(
                List.of("INPUT", "-s", nodes.clusterAddress(3), "-p", "tcp", "-m", "multiport", "--dports",
                        nodes.clusterPort(1) + "," + nodes.clusterPort(2), "-j", "DROP"),
                List.of("INPUT", "-d", nodes.clusterAddress(3), "-p", "tcp", "--dport",
                        String.valueOf(nodes.clusterPort(3)), "-j", "DROP"));
        try {
            for (var rule : cut) {
                assertEquals(0, iptables(concat("-I", rule)));
            }
            Eventually.within(Duration.ofSeconds(60), () -> {
                assertEquals(1, members(3).size(), "node 3 is alone");
                assertEquals(2, members(1).size(), "nodes 1 and 2 are on their own");
            });
            replaceSettings(3, "blacklisted-addresses: |\n  203.0.113.0/24   ; the minority's\n");
            replaceSettings(1, "blacklisted-addresses: |\n  198.51.100.0/25\n");
            long highest = replaceSettings(1, "blacklisted-addresses: |\n  198.51.100.0/26   ; the majority's\n");
            loginWithRelay(1, "127.0.0.45");
            loginWithRelay(3, "127.0.0.46");
            blockByHand(1, "192.0.2.45");
            blockByHand(3, "192.0.2.46");
            for (var rule : cut) {
                assertEquals(0, iptables(concat("-D", rule)));
            }
            cut = List.of();
            Eventually.within(Duration.ofSeconds(120), () -> {
                for (int i = 1; i <= 3; i++) {
                    assertEquals(3, members(i).size(), "node " + i + " sees the whole cluster again");
                    assertEquals(highest, settingsVersions(i).get("moat-" + i), "node " + i + " runs the highest version");
                }
            });
            for (int i = 1; i <= 3; i++) {
                assertTrue(document(i).contains("the majority's"), "node " + i + " serves the majority's text");
            }
            Eventually.within(Duration.ofSeconds(60), () -> {
                everyNodeSees("127.0.0.45", "Temporary Client");
                everyNodeSees("127.0.0.46", "Temporary Client");
                everyNodeSees("127.0.0.44", "Temporary Client");
                everyNodeSees("192.0.2.45", "Temporarily Blocked");
                everyNodeSees("192.0.2.46", "Temporarily Blocked");
            });
        } finally {
            for (var rule : cut) {
                iptables(concat("-D", rule));
            }
        }
    }

    private static void assertEveryAcceptedMessageAtTheNextHop(MailLoad load, String phase) {
        var accepted = load.accepted();
        Eventually.within(Duration.ofSeconds(30), () -> {
            var delivered = delivered();
            var lost = new HashSet<>(accepted);
            lost.removeAll(delivered);
            assertEquals(Set.of(), lost, "messages that got 250 but never reached the next hop");
        });
        System.out.printf("RollingClusterIT %s: %d messages got 250 and all reached the next hop; %d attempts got no "
                + "250 and were tried again%n", phase, accepted.size(), load.retried());
    }

    private static Set<String> delivered() {
        var ids = new HashSet<String>();
        for (var message : sink.messages()) {
            var m = LOAD_ID.matcher(new String(message.data(), StandardCharsets.ISO_8859_1));
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** Blocks {@code address} for an hour through node {@code node}'s admin API: each side of a partition makes its own. */
    private static void blockByHand(int node, String address) throws Exception {
        var answer = nodes.put(node, "/api/v1/temporary/blocked/" + address,
                "{\"duration\": \"1h\", \"reason\": \"made during the partition\"}", null);
        assertEquals(201, answer.statusCode(), answer.body());
    }

    private static void loginWithRelay(int node, String source) throws Exception {
        var mail = new Mail(nodes.smtpPort(node), source).login("alice@moat.test", "correct horse battery");
        mail.send(mail.message("alice@moat.test", "friend@elsewhere.example", "login", "relayed after a login"));
    }

    /** Every node gives {@code address} this status, within seconds: a Temporary Client reaches the others by the map's events. */
    private static void everyNodeSees(String address, String status) {
        Eventually.within(Duration.ofSeconds(15), () -> {
            for (int i = 1; i <= 3; i++) {
                try {
                    var answer = nodes.get(i, "/api/v1/address-status/" + address).body();
                    assertEquals(status, JSON.readTree(answer).path("status").asText(), "node " + i + ": " + answer);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    private static long replaceSettings(int node, String text) throws Exception {
        var current = nodes.get(node, "/api/v1/cluster/documents/settings");
        var etag = current.headers().firstValue("ETag").orElseThrow();
        var answer = nodes.put(node, "/api/v1/cluster/documents/settings", text, etag);
        assertEquals(200, answer.statusCode(), answer.body());
        return Long.parseLong(answer.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    private static String document(int node) throws Exception {
        return nodes.get(node, "/api/v1/cluster/documents/settings").body();
    }

    private static List<String> members(int node) {
        try {
            var answer = nodes.get(node, "/api/v1/cluster/members");
            var names = new java.util.ArrayList<String>();
            JSON.readTree(answer.body()).path("members").forEach(m -> names.add(m.path("nodeName").asText()));
            return names;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code settings} version each member reports, as node {@code node} lists them. */
    private static Map<String, Long> settingsVersions(int node) {
        try {
            var out = new TreeMap<String, Long>();
            JSON.readTree(nodes.get(node, "/api/v1/cluster/members").body()).path("members").forEach(m ->
                    out.put(m.path("nodeName").asText(), m.path("appliedDocumentVersions").path("settings").asLong()));
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static int iptables(List<String> arguments) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>(List.of("iptables", "-w"));
        command.addAll(arguments);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private static int iptables(String... arguments) throws IOException, InterruptedException {
        return iptables(List.of(arguments));
    }

    private static List<String> concat(String first, List<String> rest) {
        var out = new java.util.ArrayList<String>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
