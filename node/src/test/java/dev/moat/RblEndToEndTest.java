package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node asking a real DNS server on loopback: a Stranger listed by a zone is refused at
 * RCPT with the zone and its TXT text, Clients and White Holes cost no query, a dead zone
 * delays the greeting by its timeouts only, the server's zones decide before the cluster's,
 * and the Test Address answer names the zone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RblEndToEndTest {
    private static final String LISTED = "127.0.0.40";
    private static final String CLUSTER_LISTED = "127.0.0.41";
    private static final String WHITE_HOLE = "127.0.0.30";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDnsServerAccess dns;
    private SmtpSink sink;
    private final List<Node> running = new ArrayList<>();
    private Node node;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dns = new TestDnsServerAccess();
        dns.listed("rbl.test", LISTED, "127.0.0.2", "Blocked: see https://rbl.test/lookup");
        dns.listed("cluster.test", LISTED, "127.0.0.3", "");
        dns.listed("cluster.test", CLUSTER_LISTED, "127.0.0.2", "");
        dns.silent("dead.test");
        sink = new SmtpSink();
        var nodes = new TestNode(Files.createDirectories(dir.resolve("n")), 1);
        nodes.writeSettings(1, """
                local-domains: [moat.test]
                client-addresses: "127.0.0.1"
                white-hole-addresses: "%s"
                dns:
                  servers: ["127.0.0.1:%d"]
                  timeout: 300ms
                  tries: 2
                  skip-unhealthy-zones: false     # the dead zone stays asked, so its cost is measured
                rbl-zones:
                  - zone: dead.test
                  - zone: rbl.test
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                """.formatted(WHITE_HOLE, dns.port(), sink.port()));
        node = nodes.start(1);
        running.add(node);
        long version = node.member().documents().get("settings").orElseThrow().version();
        node.member().documents().replace("settings", version, "rbl-zones:\n  - zone: cluster.test\n", "test");
        Eventually.until("the cluster-wide zone is applied", () -> node.settings().rblZones().size() == 3);
    }

    @AfterAll
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
        dns.close();
    }

    /** Connects from {@code client}; answers the greeting and the RCPT reply, and how long the greeting took. */
    private List<String> dialogue(String client) throws Exception {
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), TestNode.smtpPort(node),
                InetAddress.getByName(client), 0)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            String greeting = in.readLine();
            long millis = (System.nanoTime() - started) / 1_000_000;
            out.print("HELO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@moat.test>\r\nQUIT\r\n");
            out.flush();
            in.readLine();
            in.readLine();
            String rcpt = in.readLine();
            return List.of(greeting, rcpt, String.valueOf(millis));
        }
    }

    @Test
    void aListedStrangerIsRefusedAtRcptWithTheZoneAndItsText() throws Exception {
        var answers = dialogue(LISTED);

        assertTrue(answers.get(0).startsWith("220 "), answers.get(0));
        assertTrue(answers.get(1).startsWith("550 5.7.1 Mail from " + LISTED
                + " refused: the address is blacklisted by rbl.test: Blocked: see https://rbl.test/lookup (ref "),
                answers.get(1));
    }

    @Test
    void aDeadZoneDelaysTheGreetingByItsTimeoutsAlone() throws Exception {
        long millis = Long.parseLong(dialogue("127.0.0.42").get(2));

        // Each query is sent at most twice, each time with the minimal timeout (300 ms): the greeting
        // comes within twice the minimal timeout, and the node's own work.
        assertTrue(millis >= 2 * 300 - 50, "the dead zone was waited for: " + millis + " ms");
        assertTrue(millis < 2 * 300 + 300, "within twice the minimal timeout: " + millis + " ms");
    }

    @Test
    void theServersZonesDecideBeforeTheClustersAndTheClustersStillList() throws Exception {
        assertTrue(dialogue(CLUSTER_LISTED).get(1).contains("blacklisted by cluster.test"));
        assertTrue(dialogue(LISTED).get(1).contains("blacklisted by rbl.test"), "rbl.test is the server's own");
    }

    @Test
    void clientsAndWhiteHolesAskNoZone() throws Exception {
        int before = dns.total();
        assertTrue(dialogue("127.0.0.1").get(1).startsWith("250 "));
        assertTrue(dialogue(WHITE_HOLE).get(1).startsWith("250 "));
        assertEquals(before, dns.total(), "not one DNS query for a Client or a White Hole");
    }

    @Test
    void theTestAddressAnswerNamesTheZoneAndItsAnswer() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.adminPort() + "/api/v1/address-status/" + LISTED))
                .header("Authorization", "Bearer " + TestNode.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        var body = JSON.readTree(response.body());

        assertEquals("Blacklisted", body.get("status").asText(), response.body());
        assertEquals("listed by the RBL rbl.test (answer 127.0.0.2: Blocked: see https://rbl.test/lookup)",
                body.get("reason").asText());
        var zones = body.get("rblZones");
        assertEquals("dead.test", zones.get(0).get("zone").asText(), "the zones in the order they decide");
        Eventually.until("the dead zone fails its health test", () -> !node.rblZones().get(0).get("healthy").equals(true));
        assertTrue(String.valueOf(node.rblZones().get(0).get("problem")).contains("127.0.0.2 is not listed"),
                node.rblZones()::toString);
        assertEquals(true, node.rblZones().get(1).get("healthy"));
        assertEquals("cluster.test", zones.get(2).get("zone").asText());
    }
}
