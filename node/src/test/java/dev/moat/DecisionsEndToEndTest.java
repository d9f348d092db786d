package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Decision records on three real nodes in one cluster, over real SMTP and HTTP on loopback, with
 * an RBL zone on a real DNS server: for each stage and kind of check a refused session's
 * reference leads through a third node's API to the record naming what matched; an RBL zone in
 * monitor mode lets mail through, then cluster-wide enforce refuses on every node; an impact
 * preview names exactly the addresses a Blacklisted change would refuse and saves nothing;
 * {@code why} joins it all; a member that left, and one killed outright, are named as missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionsEndToEndTest {
    private static final String RBL_LISTED = "127.0.0.40";
    private static final Pattern REF = Pattern.compile("\\(ref ([0-9A-Z]{10})\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDnsServerAccess dns;
    private SmtpSink sink;
    private TestNode cluster;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dns = new TestDnsServerAccess();
        dns.listed("rbl.test", RBL_LISTED, "127.0.0.2", "Listed: see https://rbl.test/q");
        sink = new SmtpSink();
        cluster = new TestNode(Files.createDirectories(dir.resolve("c")), 3);
        for (int i = 1; i <= 3; i++) {
            cluster.writeSettings(i, "  max-protocol-errors: 3\n", TestNode.relayTo(sink.port()) + """
                    denied-addresses: |
                      ; refused before the greeting
                      127.0.0.66
                    verify-return-path: true
                    dns:
                      servers: ["127.0.0.1:%d"]
                      skip-unhealthy-zones: false
                    rbl-zones:
                      - zone: rbl.test
                    router: |
                      spammer.test = error
                      <gone> = error This address is gone
                      <trap> = spamtrap
                    """.formatted(dns.port()));
            nodes.add(cluster.start(i));
        }
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(3, nodes.get(0).member().memberCount()));
    }

    @AfterAll
    void stop() throws Exception {
        TestNode.closeAll(nodes);
        sink.close();
        dns.close();
    }

    private static String ref(String reply) {
        Matcher matcher = REF.matcher(reply);
        assertTrue(matcher.find(), "no reference in " + reply);
        return matcher.group(1);
    }

    private JsonNode api(Node node, String path) throws Exception {
        var answer = new AdminClient(node, TestNode.TOKEN).get(path, "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    /** The one record of the session {@code ref}, found by asking the third node. */
    private JsonNode record(String ref) throws Exception {
        JsonNode answer = api(nodes.get(2), "/api/v1/decisions?ref=" + ref);
        assertEquals(0, answer.get("missing").size(), answer.toString());
        assertEquals(1, answer.get("records").size(), answer.toString());
        return answer.get("records").get(0);
    }

    /** A session from {@code client} to {@code node}: the lines sent after the greeting, the reply to the last one. */
    private static String last(Node node, String client, String... lines) throws Exception {
        try (var smtp = new RawSmtp(TestNode.smtpPort(node), client)) {
            String reply = smtp.reply();
            for (String line : lines) {
                reply = smtp.send(line).reply();
            }
            return reply;
        }
    }

    @Test
    @Order(1)
    void refusalsOnTwoNodesAreFoundByAQueryToTheThirdWithWhatMatched() throws Exception {
        Node first = nodes.get(0);
        Node second = nodes.get(1);

        String denied = last(first, "127.0.0.66");
        assertTrue(denied.startsWith("554 5.7.1"), denied);
        JsonNode record = record(ref(denied));
        assertEquals("node-1", record.get("node").asText());
        assertEquals("connect", record.get("stage").asText());
        assertEquals("denied", record.get("check").asText());
        assertEquals("disconnect", record.get("action").asText());
        assertEquals("127.0.0.66", record.get("client").asText());
        assertEquals("list", record.at("/match/kind").asText());
        assertEquals("denied-addresses", record.at("/match/setting").asText());
        assertEquals(2, record.at("/match/line").asInt());
        assertEquals("127.0.0.66", record.at("/match/entry").asText());
        assertEquals(denied.replace("\n", " / "), record.get("reply").asText());

        String helo = last(second, "127.0.0.51", "HELO " + TestNode.HOST);
        record = record(ref(helo));
        assertEquals("node-2", record.get("node").asText());
        assertEquals("helo", record.get("stage").asText());
        assertEquals("my-name", record.at("/match/subject").asText());

        String sender = last(first, "127.0.0.52", "HELO client.example", "MAIL FROM:<x@spammer.test>");
        assertTrue(sender.startsWith("553 5.7.1"), sender);
        record = record(ref(sender));
        assertEquals("mail", record.get("stage").asText());
        assertEquals("return-path", record.get("check").asText());
        assertEquals("router", record.at("/match/kind").asText());
        assertTrue(record.at("/match/record").asText().contains("spammer.test = error"), record.toString());

        String rbl = last(second, RBL_LISTED, "HELO client.example", "MAIL FROM:<>", "RCPT TO:<bob@moat.test>");
        assertTrue(rbl.startsWith("550 5.7.1"), rbl);
        record = record(ref(rbl));
        assertEquals("rcpt", record.get("stage").asText());
        assertEquals("blacklist", record.get("check").asText());
        assertEquals("rbl", record.at("/match/kind").asText());
        assertEquals("rbl.test", record.at("/match/zone").asText());
        assertEquals("127.0.0.2", record.at("/match/answer").asText());
        assertEquals("Listed: see https://rbl.test/q", record.at("/match/text").asText());

        String gone = last(first, "127.0.0.53", "HELO client.example", "MAIL FROM:<>", "RCPT TO:<gone@moat.test>");
        assertTrue(gone.startsWith("550 5.1.1 This address is gone"), gone);
        record = record(ref(gone));
        assertEquals("router", record.get("check").asText());
        assertTrue(record.at("/match/record").asText().contains("<gone> = error"), record.toString());

        String relay = last(second, "127.0.0.54", "HELO client.example", "MAIL FROM:<>", "RCPT TO:<x@elsewhere.test>");
        assertTrue(relay.startsWith("550 5.7.1 Relaying denied"), relay);
        assertEquals("relay", record(ref(relay)).get("check").asText());

        String trap = last(first, "127.0.0.55", "HELO client.example", "MAIL FROM:<>", "RCPT TO:<trap@moat.test>",
                "DATA");
        assertTrue(trap.startsWith("554 5.7.1"), trap);
        record = record(ref(trap));
        assertEquals("data", record.get("stage").asText());
        assertEquals("spamtrap", record.get("check").asText());
        assertTrue(record.at("/match/record").asText().contains("<trap> = spamtrap"), record.toString());

        try (var smtp = new RawSmtp(TestNode.smtpPort(second), "127.0.0.56")) {
            smtp.expect("220");
            smtp.send("BOGUS").expect("500");
            smtp.send("BOGUS").expect("500");
            smtp.send("BOGUS").expect("500");
            smtp.expect("421 4.7.0");
        }
        JsonNode protocol = api(nodes.get(2), "/api/v1/decisions?address=127.0.0.56");
        record = protocol.get("records").get(0);
        assertEquals("protocol-errors", record.get("check").asText());
        assertEquals("max-protocol-errors", record.at("/match/subject").asText());

        JsonNode both = api(nodes.get(2), "/api/v1/decisions?limit=100");
        var seen = new java.util.TreeSet<String>();
        both.get("records").forEach(r -> seen.add(r.get("node").asText()));
        assertTrue(seen.containsAll(List.of("node-1", "node-2")), both.toString());
        assertEquals(List.of("node-1", "node-2", "node-3"), JSON.convertValue(both.get("answered"), List.class));
    }

    @Test
    @Order(2)
    void anRblZoneInMonitorModeLetsMailThroughThenEnforceRefusesOnEveryNode() throws Exception {
        replaceSettings("decisions:\n  modes:\n    blacklist/rbl.test: monitor\n");
        for (Node node : nodes) {
            String reply = last(node, RBL_LISTED, "HELO client.example", "MAIL FROM:<>", "RCPT TO:<bob@moat.test>");
            assertTrue(reply.startsWith("250"), node.settings().server().node().name() + ": " + reply);
        }
        JsonNode records = api(nodes.get(0), "/api/v1/decisions?address=" + RBL_LISTED + "&check=blacklist&limit=3");
        for (JsonNode record : records.get("records")) {
            assertEquals("monitor", record.get("mode").asText());
            assertEquals("would-reject", record.get("outcome").asText());
            assertTrue(record.get("reply").isNull(), record.toString());
            assertTrue(record.get("checkReply").asText().startsWith("550 5.7.1"), record.toString());
        }
        String metrics = new AdminClient(nodes.get(0), TestNode.TOKEN).get("/metrics", "text/plain").body();
        assertTrue(Pattern.compile("(?m)^moat_decisions_total\\{action=\"reject\",check=\"blacklist\",mode=\"monitor\"\\} 1\\.0$")
                .matcher(metrics).find(), metrics.lines().filter(l -> l.startsWith("moat_decisions")).toList().toString());

        replaceSettings("decisions:\n  modes:\n    blacklist/rbl.test: enforce\n");
        for (Node node : nodes) {
            String reply = last(node, RBL_LISTED, "HELO client.example", "MAIL FROM:<>", "RCPT TO:<bob@moat.test>");
            assertTrue(reply.startsWith("550 5.7.1"), reply);
            assertEquals("enforce", record(ref(reply)).get("mode").asText());
        }
    }

    @Test
    @Order(3)
    void aPreviewOfABlacklistedChangeNamesExactlyTheAddressesItWouldRefuseAndSavesNothing() throws Exception {
        for (int i = 0; i < 10; i++) {
            String reply = last(nodes.get(i % 3), "127.0.0." + (100 + i), "HELO client.example", "MAIL FROM:<>",
                    "RCPT TO:<bob@moat.test>");
            assertTrue(reply.startsWith("250"), reply);
        }
        var documents = nodes.get(0).member().documents();
        var before = documents.get("settings").orElseThrow();
        var answer = new AdminClient(nodes.get(1), TestNode.TOKEN).put("/api/v1/cluster/documents/settings?preview=true",
                before.text() + "blacklisted-addresses: |\n  127.0.0.100-127.0.0.104\n  127.0.0.107\n", null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode preview = JSON.readTree(answer.body());
        assertEquals(List.of("127.0.0.100", "127.0.0.101", "127.0.0.102", "127.0.0.103", "127.0.0.104", "127.0.0.107"),
                JSON.convertValue(preview.get("newlyRefusedAddresses"), List.class), preview.toString());
        assertEquals(0, preview.get("newlyAcceptedSessions").asInt(), preview.toString());
        assertEquals(false, preview.get("saved").asBoolean());
        assertEquals(0, preview.get("missing").size());
        assertTrue(preview.get("examples").get(0).get("would").get(0).asText().startsWith("refused at rcpt by blacklist"),
                preview.toString());
        assertEquals(before.version(), documents.get("settings").orElseThrow().version(), "nothing saved");
        assertTrue(last(nodes.get(2), "127.0.0.100", "HELO client.example", "MAIL FROM:<>", "RCPT TO:<bob@moat.test>")
                .startsWith("250"));

        var invalid = new AdminClient(nodes.get(1), TestNode.TOKEN).put("/api/v1/cluster/documents/settings?preview=true",
                "blacklisted-addresses: 10.0.0.999\n", null);
        assertEquals(400, invalid.statusCode(), invalid.body());
    }

    @Test
    @Order(3)
    void theCliPreviewsANewSettingsFileOnEveryMemberAndRefusesABadOneByItsLine() throws Exception {
        for (int i = 0; i < 4; i++) {
            String reply = last(nodes.get(i % 3), "127.0.0." + (120 + i), "HELO client.example", "MAIL FROM:<>",
                    "RCPT TO:<bob@moat.test>");
            assertTrue(reply.startsWith("250"), reply);
        }
        Path running = cluster.settingsFile(2);
        String before = Files.readString(running);
        Path proposed = Files.writeString(Files.createTempFile("proposed", ".yaml"),
                before + "blacklisted-addresses: |\n  127.0.0.121\n  127.0.0.123\n");
        Path token = Files.writeString(Files.createTempFile("token", ""), TestNode.TOKEN);
        String admin = "http://127.0.0.1:" + nodes.get(1).adminPort();

        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("preview", proposed.toString(), "--admin", admin, "--token-file", token.toString());
        assertEquals(0, code, out + " " + err);
        String text = out.toString();
        assertTrue(text.startsWith("valid; nothing was saved\nreplayed "), text);
        assertTrue(text.contains(" sessions on node-1, node-2, node-3\n"), text);
        assertTrue(text.contains("newly refused: 2 sessions from 127.0.0.121, 127.0.0.123\n"), text);
        assertTrue(text.contains("newly accepted: 0 sessions\n"), text);
        assertEquals(before, Files.readString(running), "nothing saved");
        assertTrue(last(nodes.get(0), "127.0.0.121", "HELO client.example", "MAIL FROM:<>", "RCPT TO:<bob@moat.test>")
                .startsWith("250"), "nothing applied");

        Path bad = Files.writeString(Files.createTempFile("bad", ".yaml"), before + "smtp-typo: [\n");
        err = new StringWriter();
        code = new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("preview", bad.toString(), "--admin", admin, "--token-file", token.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("is refused; nothing was previewed or saved:\n  line "), err.toString());

        var answer = new AdminClient(nodes.get(1), TestNode.TOKEN).send(new AdminClient(nodes.get(1), TestNode.TOKEN)
                .request("/api/v1/node/settings/preview").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "smtp:\n  max-recipients: many\n")));
        assertEquals(400, answer.statusCode(), answer.body());
        JsonNode errors = JSON.readTree(answer.body()).get("errors");
        assertEquals(2, errors.get(0).get("line").asInt(), answer.body());
        assertTrue(errors.get(0).get("message").asText().startsWith("smtp.max-recipients: "), answer.body());
    }

    @Test
    @Order(4)
    void whyJoinsTheStatusTheListLinesWhatItsLastSessionSawAndItsDecisions() throws Exception {
        JsonNode why = api(nodes.get(2), "/api/v1/why/" + RBL_LISTED);
        assertEquals(RBL_LISTED, why.get("address").asText());
        assertEquals("Blacklisted", why.get("status").asText());
        assertEquals("rbl.test", why.at("/lastSeen/rbl/zone").asText(), why.toString());
        assertTrue(why.get("decisions").size() >= 3, why.toString());
        assertEquals(0, why.get("missing").size());
        JsonNode denied = api(nodes.get(0), "/api/v1/why/127.0.0.66");
        assertEquals("denied-addresses", denied.at("/listLines/0/setting").asText(), denied.toString());
        assertEquals(2, denied.at("/listLines/0/line").asInt());

        var out = new StringWriter();
        var command = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out));
        Path token = Files.writeString(Files.createTempFile("token", ""), TestNode.TOKEN);
        int code = command.execute("why", RBL_LISTED, "--admin", "http://127.0.0.1:" + nodes.get(0).adminPort(),
                "--token-file", token.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().startsWith("[" + RBL_LISTED + "] is Blacklisted\n"), out.toString());
        assertTrue(out.toString().contains("blacklist reject (enforce): zone=rbl.test, answer=127.0.0.2"),
                out.toString());
    }

    @Test
    @Order(5)
    void aMemberThatLeftIsNamedAsMissing() throws Exception {
        nodes.remove(2).close();
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, nodes.get(0).member().memberCount()));
        JsonNode answer = api(nodes.get(0), "/api/v1/decisions?limit=5");
        assertTrue(answer.at("/missing/node-3").asText().startsWith("left the cluster"), answer.toString());
        assertEquals(List.of("node-1", "node-2"), JSON.convertValue(answer.get("answered"), List.class));
    }

    @Test
    @Order(6)
    void aMemberKilledOutrightIsNamedAsMissing() throws Exception {
        var killed = com.hazelcast.core.Hazelcast.getAllHazelcastInstances().stream()
                .filter(i -> i.getConfig().getClusterName().equals(cluster.clusterName()))
                .filter(i -> "node-2".equals(i.getCluster().getLocalMember().getAttribute("moat.node-name")))
                .findFirst().orElseThrow();
        // No goodbye: the member's JVM is gone as if killed, its sockets closed under it.
        killed.getLifecycleService().terminate();
        JsonNode answer = api(nodes.get(0), "/api/v1/decisions?limit=5");
        assertTrue(answer.at("/missing/node-2").isTextual(), answer.toString());
        assertEquals(List.of("node-1"), JSON.convertValue(answer.get("answered"), List.class));
    }

    private void replaceSettings(String text) {
        var documents = nodes.get(0).member().documents();
        long version = documents.get("settings").map(d -> d.version()).orElse(0L);
        documents.replace("settings", version, text, "test");
        Eventually.until("every node runs the new modes", () -> nodes.stream()
                .allMatch(n -> n.settings().clusterVersion() == version + 1));
    }
}
