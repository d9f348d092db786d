package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.cluster.ClusterDocument;
import dev.moat.cluster.ClusterMember;
import dev.moat.testing.DeadPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP on loopback, backed by one real member's documents. The member
 * is shared by the tests of this class, so each test reads the version it starts from.
 */
class AdminServerTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final String SETTINGS = "/api/v1/cluster/documents/settings";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SeededMember seeded;
    static ClusterMember member;

    TestBackend backend;
    AdminServer server;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    URI base;

    @BeforeAll
    static void startMember() {
        seeded = SeededMember.start(dir);
        member = seeded.member;
    }

    @AfterAll
    static void stopMember() {
        seeded.close();
        seeded = null; // the class outlives its tests in the suite's JVM; a stopped member's maps would stay with it
        member = null;
    }

    @BeforeEach
    void startServer() throws InterruptedException {
        backend = seeded.backend();
        server = new AdminServer(new AdminOptions("127.0.0.1", 0, TOKEN), backend);
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void liveHealthIsAlwaysUp() throws Exception {
        HttpResponse<String> response = send(anonymous("/health/live"));

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void readyHealthIs200WhenReadyAnd503WithTheReasonsWhenNot() throws Exception {
        assertEquals(200, send(anonymous("/health/ready")).statusCode());

        backend.readiness = new Readiness(false, Map.of("cluster", "not joined", "settings", "none applied"));
        HttpResponse<String> response = send(anonymous("/health/ready"));

        assertEquals(503, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("DOWN", body.get("status").asText());
        assertEquals("not joined", body.get("reasons").get("cluster").asText());
        assertEquals("none applied", body.get("reasons").get("settings").asText());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = send(anonymous("/metrics"));

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TestBackend.METRICS, response.body());
    }

    @Test
    void aDocumentReadsAsYamlWithItsVersionAsETag() throws Exception {
        ClusterDocument current = member.documents().get("settings").orElseThrow();

        HttpResponse<String> response = send(get(SETTINGS));

        assertEquals(200, response.statusCode());
        assertEquals("application/yaml; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("\"" + current.version() + "\"", response.headers().firstValue("ETag").orElseThrow());
        assertEquals(current.text(), response.body());
    }

    @Test
    void aDocumentReadsAsJsonWhenAskedFor() throws Exception {
        ClusterDocument current = member.documents().get("settings").orElseThrow();

        HttpResponse<String> response = send(get(SETTINGS).header("Accept", "application/json"));

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("settings", body.get("name").asText());
        assertEquals(current.version(), body.get("version").asLong());
        assertEquals(current.text(), body.get("text").asText());
        assertEquals(current.updatedBy(), body.get("updatedBy").asText());
        assertTrue(body.has("updatedAt"));
    }

    @Test
    void anUnknownDocumentIs404() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/cluster/documents/nothing-here"));

        assertEquals(404, response.statusCode());
        assertEquals("no document named nothing-here", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void aPutWithTheCurrentVersionStoresTheNextVersion() throws Exception {
        long version = currentVersion();

        HttpResponse<String> response = send(put(SETTINGS, "client-addresses: 192.0.2.7\n")
                .header("If-Match", "\"" + version + "\"").header("Authorization", "Bearer " + TOKEN));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("\"" + (version + 1) + "\"", response.headers().firstValue("ETag").orElseThrow());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(version + 1, body.get("version").asLong());
        assertEquals("client-addresses: 192.0.2.7\n", body.get("text").asText());
        assertEquals("admin-api@127.0.0.1", body.get("updatedBy").asText());
        assertEquals("client-addresses: 192.0.2.7\n", send(get(SETTINGS)).body());
    }

    @Test
    void aChangeWithoutTheRightTokenIs401() throws Exception {
        long version = currentVersion();

        for (String authorization : new String[] {null, "Bearer wrong-token", "Basic " + TOKEN}) {
            HttpRequest.Builder request = put(SETTINGS, "a: 1\n").header("If-Match", "\"" + version + "\"");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = send(request);

            assertEquals(401, response.statusCode(), "with " + authorization);
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
            assertTrue(JSON.readTree(response.body()).has("error"));
        }
        assertEquals(version, currentVersion());
    }

    @Test
    void aPutWithoutIfMatchIs428() throws Exception {
        HttpResponse<String> response = send(put(SETTINGS, "a: 1\n").header("Authorization", "Bearer " + TOKEN));

        assertEquals(428, response.statusCode());
        assertTrue(JSON.readTree(response.body()).get("error").asText().contains("If-Match"));
    }

    @Test
    void anIfMatchThatIsNotOneStrongVersionIs400() throws Exception {
        for (String ifMatch : new String[] {"*", "W/\"1\"", "7", "\"1\", \"2\""}) {
            HttpResponse<String> response = send(put(SETTINGS, "a: 1\n")
                    .header("If-Match", ifMatch).header("Authorization", "Bearer " + TOKEN));

            assertEquals(400, response.statusCode(), "with If-Match: " + ifMatch);
        }
    }

    @Test
    void anInvalidDocumentIs400WithItsLinesAndNothingIsStored() throws Exception {
        ClusterDocument before = member.documents().get("settings").orElseThrow();

        HttpResponse<String> response = send(put(SETTINGS, "a: 1\nb: invalid\nc: 3\n")
                .header("If-Match", "\"" + before.version() + "\"").header("Authorization", "Bearer " + TOKEN));

        assertEquals(400, response.statusCode());
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        assertEquals(2, error.get("line").asInt());
        assertEquals("line 2 of settings is invalid", error.get("message").asText());
        assertEquals(before, member.documents().get("settings").orElseThrow());
    }

    @Test
    void aStaleVersionIs409WithTheCurrentVersion() throws Exception {
        long version = currentVersion();
        member.documents().replace("settings", version, "changed: elsewhere\n", "someone");

        HttpResponse<String> response = send(put(SETTINGS, "a: 1\n")
                .header("If-Match", "\"" + version + "\"").header("Authorization", "Bearer " + TOKEN));

        assertEquals(409, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(version + 1, body.get("currentVersion").asLong());
        assertTrue(body.has("error"));
        assertEquals("changed: elsewhere\n", send(get(SETTINGS)).body());
    }

    @Test
    void aBodyOverTenMebibytesIs413() throws Exception {
        byte[] body = new byte[AdminServer.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) 'a');

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(SETTINGS))
                .PUT(BodyPublishers.ofByteArray(body))
                .header("If-Match", "\"" + currentVersion() + "\"").header("Authorization", "Bearer " + TOKEN));

        assertEquals(413, response.statusCode());
        assertTrue(JSON.readTree(response.body()).has("error"));
    }

    @Test
    void nodeVersionsAreWhatThisNodeApplied() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/node/versions"));

        assertEquals(200, response.statusCode());
        assertEquals(JSON.valueToTree(backend.nodeVersions()), JSON.readTree(response.body()));
    }

    @Test
    void membersListEveryMembersStatus() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/cluster/members"));

        assertEquals(200, response.statusCode());
        JsonNode status = JSON.readTree(response.body()).get("members").get(0);
        assertEquals(member.localMemberId(), status.get("memberId").asText());
        assertEquals("node-1", status.get("nodeName").asText());
        assertEquals(member.localAddress(), status.get("address").asText());
        assertEquals("server-3", status.get("serverSettingsVersion").asText());
        assertEquals(0, status.get("appliedDocumentVersions").get("settings").asLong());
    }

    @Test
    void addressStatusAnswersForAnIpv4OrIpv6Address() throws Exception {
        HttpResponse<String> v4 = send(get("/api/v1/address-status/192.0.2.7"));
        HttpResponse<String> v6 = send(get("/api/v1/address-status/2001:DB8:0::7"));
        HttpResponse<String> mapped = send(get("/api/v1/address-status/%3A%3Affff%3A192.0.2.7"));

        assertEquals(200, v4.statusCode(), v4.body());
        assertEquals("application/json", v4.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("[192.0.2.7] is Stranger", JSON.readTree(v4.body()).get("line").asText());
        assertEquals("2001:db8::7", JSON.readTree(v6.body()).get("address").asText());
        assertEquals("192.0.2.7", JSON.readTree(mapped.body()).get("address").asText(), "IPv4-mapped IPv6 is IPv4");
    }

    @Test
    void addressStatusOfSomethingThatIsNoAddressIs400SayingWhy() throws Exception {
        for (String path : List.of("mail.example.com", "192.0.2.300", "192.0.2.0%2524", "%5B192.0.2.7%5D", "")) {
            HttpResponse<String> response = send(get("/api/v1/address-status/" + path));

            assertEquals(400, response.statusCode(), path);
            String error = JSON.readTree(response.body()).get("error").asText();
            assertTrue(error.startsWith("not an IP address: '"), error);
            assertTrue(error.endsWith("give one IP address such as 192.0.2.7 or 2001:db8::7"), error);
        }
        assertEquals(405, send(HttpRequest.newBuilder(base.resolve("/api/v1/address-status/192.0.2.7"))
                .POST(BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN)).statusCode());
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/nothing"));

        assertEquals(404, response.statusCode());
        assertTrue(JSON.readTree(response.body()).has("error"));
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> onHealth = send(HttpRequest.newBuilder(base.resolve("/health/live"))
                .POST(BodyPublishers.noBody()));
        HttpResponse<String> onDocument = send(HttpRequest.newBuilder(base.resolve(SETTINGS))
                .DELETE().header("Authorization", "Bearer " + TOKEN));

        assertEquals(405, onHealth.statusCode());
        assertEquals("GET", onHealth.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, onDocument.statusCode());
        assertEquals("GET, PUT", onDocument.headers().firstValue("Allow").orElseThrow());
        assertTrue(JSON.readTree(onDocument.body()).has("error"));
    }

    @Test
    void oneConnectionAnswersPipelinedRequestsInOrderUntilTheClientAsksToClose() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(5_000);
            String requests = "GET /api/v1/nothing HTTP/1.1\r\nHost: moat\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n"
                    + "GET /health/live HTTP/1.1\r\nHost: moat\r\n\r\n"
                    + "GET /metrics HTTP/1.1\r\nHost: moat\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));

            // readAllBytes returns only once the server has closed the connection.
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            // Bodies do not end in a line break, so a status line may follow a body directly.
            List<String> statusLines = Pattern.compile("HTTP/1\\.1 \\d{3} [^\\r]*").matcher(answers).results()
                    .map(MatchResult::group).toList();
            assertEquals(List.of("HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK"), statusLines);
            assertTrue(answers.endsWith(TestBackend.METRICS), answers);
        }
    }

    @Test
    void aClosedServerRefusesConnections() throws Exception {
        server.close();

        // Reclaiming the port proves nothing listens there any more, and holding it keeps
        // another process from taking it before the refused connect below.
        try (var released = DeadPort.reclaim(InetAddress.getLoopbackAddress(), base.getPort(), Duration.ofSeconds(5))) {
            assertFalse(reachable());
        }
    }

    private boolean reachable() throws InterruptedException {
        try {
            send(anonymous("/health/live"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long currentVersion() {
        return seeded.settingsVersion();
    }

    /** A GET with the admin token. */
    private HttpRequest.Builder get(String path) {
        return anonymous(path).header("Authorization", "Bearer " + TOKEN);
    }

    /** A GET without any token. */
    private HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder put(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).PUT(BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }
}
