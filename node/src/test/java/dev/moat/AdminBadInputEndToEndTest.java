package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the admin API of a real node, over real sockets, one named case each: every one
 * gets a 4xx with a JSON error naming the problem, no cluster-wide document changes, and the
 * node goes on answering admin requests and SMTP sessions. A client sending a byte at a time
 * is cut off at the request timeout (2 s here) while others are served.
 */
class AdminBadInputEndToEndTest {
    private static final String AUTH = "Authorization: Bearer " + TestNode.TOKEN + "\r\n";

    @TempDir
    static Path dir;
    static final List<Node> running = new ArrayList<>();
    static Node node;
    static String versionsBefore;

    @BeforeAll
    static void start() throws Exception {
        var nodes = new TestNode(dir, 1).withAdminSettings("  request-timeout: 2s\n");
        nodes.writeSettings(1, "local-domains: [moat.test]\n");
        node = nodes.start(1);
        running.add(node);
        versionsBefore = documentVersions();
    }

    @AfterAll
    static void stop() {
        TestNode.closeAll(running);
        node = null; // the class outlives its tests in the suite's JVM, and would keep the closed node
    }

    static Stream<Arguments> badRequests() {
        String bigLine = "a".repeat(5000);
        return Stream.of(
                bad("malformed JSON for an account", put("/api/v1/directory/accounts/eve@moat.test", "{\"password\": \"x\","),
                        400, "the body is not valid JSON (line 1, column"),
                bad("JSON that is not an object", put("/api/v1/directory/accounts/eve@moat.test", "[\"x\"]"),
                        400, "the body must be a JSON object"),
                bad("a password that is not text", put("/api/v1/directory/accounts/eve@moat.test", "{\"password\": 7}"),
                        400, "password must be a non-empty string"),
                bad("malformed YAML for a document", putDocument("client-addresses: [192.0.2.1\n"), 400, "not valid YAML"),
                bad("a body that is not UTF-8", putDocument("a: \u00ff\u00fe\n"), 400, "the document is not UTF-8 text"),
                bad("a request line over 4096 bytes", "GET /api/v1/route?address=" + bigLine + " HTTP/1.1\r\n"
                        + "Host: moat\r\n" + AUTH + "\r\n", 414, "the request line is longer than 4096 bytes"),
                bad("headers over 8192 bytes", "GET /api/v1/node/versions HTTP/1.1\r\nHost: moat\r\n" + AUTH
                        + "X-Filler: " + "b".repeat(9000) + "\r\n\r\n", 431, "the request headers are larger than 8192 bytes"),
                bad("a body over 10 MiB", "PUT /api/v1/cluster/documents/settings HTTP/1.1\r\nHost: moat\r\n" + AUTH
                        + "If-Match: \"0\"\r\nContent-Length: " + (11 << 20) + "\r\nConnection: close\r\n\r\n",
                        413, "the body is larger than 10485760 bytes"),
                bad("a dot-dot segment", get("/api/v1/cluster/documents/../documents/settings"), 400, "'..' segment"),
                bad("an encoded dot-dot segment", get("/api/v1/cluster/%2e%2e/cluster/documents/settings"), 400, "'..' segment"),
                bad("an upper-case encoded dot-dot", get("/api/v1/%2E%2E/v1/node/versions"), 400, "'..' segment"),
                bad("an encoded slash", get("/api/v1/cluster/documents/settings%2Fx"), 400, "encoded slash (%2F)"),
                bad("an encoded slash in a change", put("/api/v1/directory/accounts/..%2fadmin", "{}"), 400, "encoded slash"),
                bad("a backslash", get("/api/v1/cluster/documents/..\\settings"), 400, "backslash"),
                bad("a malformed escape", get("/api/v1/route?address=%zz"), 400, "malformed %-escape"),
                bad("an encoded NUL", get("/api/v1/directory/accounts/a%00b@moat.test"), 400, "control character"),
                bad("a target that is no path", "GET http://moat/api/v1/node/versions HTTP/1.1\r\nHost: moat\r\n" + AUTH
                        + "Connection: close\r\n\r\n", 400, "must be a path starting with /"),
                bad("a request line that is not HTTP", "HELLO THERE\r\n\r\n", 400, "malformed HTTP request"),
                bad("a Content-Length that is no number", "PUT /api/v1/cluster/documents/settings HTTP/1.1\r\nHost: moat\r\n"
                        + AUTH + "Content-Length: lots\r\n\r\n", 400, "malformed HTTP request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsA4xxNamingTheProblemChangesNothingAndTheNodeServesOn(String name, String request, int status,
            String problem) throws Exception {
        var answer = RawHttp.exchange(node.adminPort(), request);

        assertEquals(status, answer.status(), answer.head() + "\n" + answer.body());
        assertTrue(answer.head().contains("content-type: application/json"), answer.head());
        String error = answer.json().has("errors") ? answer.json().get("errors").get(0).get("message").asText() : answer.error();
        assertTrue(error.contains(problem), error);
        assertEquals(versionsBefore, documentVersions(), "nothing changed");
        assertNodeServes();
    }

    @Test
    void aClientSendingAByteAtATimeIsCutOffAtTheRequestTimeoutWhileOthersAreServed() throws Exception {
        byte[] request = ("PUT /api/v1/cluster/documents/settings HTTP/1.1\r\nHost: moat\r\n" + AUTH
                + "If-Match: \"0\"\r\nContent-Length: 1000\r\n\r\n" + "a".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
        try (Socket slow = new Socket("127.0.0.1", node.adminPort())) {
            slow.setSoTimeout(15_000);
            long started = System.nanoTime();
            var dribble = CompletableFuture.runAsync(() -> dribble(slow, request));

            for (int i = 0; i < 3; i++) {
                assertNodeServes();
            }
            var answer = RawHttp.read(slow.getInputStream());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertEquals(408, answer.status(), answer.head());
            assertTrue(answer.error().startsWith("the request was not complete within 2 s"), answer.body());
            assertTrue(answer.closed(), "the server closed the connection");
            assertTrue(seconds < 10, seconds + " s");
            dribble.get(20, TimeUnit.SECONDS);
        }
        assertEquals(versionsBefore, documentVersions(), "nothing changed");
        assertNodeServes();
    }

    /** Writes one byte every 200 ms: a slow client's pace is what is under test, not a wait. */
    private static void dribble(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            for (byte b : request) {
                out.write(b);
                out.flush();
                Thread.sleep(200);
            }
        } catch (Exception e) {
            // The server closed the connection: the point of the test.
        }
    }

    private static Arguments bad(String name, String request, int status, String problem) {
        return Arguments.of(name, request, status, problem);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: moat\r\n" + AUTH + "Connection: close\r\n\r\n";
    }

    private static String put(String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "PUT " + target + " HTTP/1.1\r\nHost: moat\r\n" + AUTH + "Content-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n"
                + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A PUT of the settings document at its current version; {@code text} goes out as ISO-8859-1 bytes. */
    private static String putDocument(String text) {
        long version = node.member().documents().get("settings").orElseThrow().version();
        return "PUT /api/v1/cluster/documents/settings HTTP/1.1\r\nHost: moat\r\n" + AUTH + "If-Match: \"" + version
                + "\"\r\nContent-Length: " + text.getBytes(StandardCharsets.ISO_8859_1).length + "\r\nConnection: close\r\n\r\n"
                + text;
    }

    private static String documentVersions() {
        var documents = node.member().documents();
        return Stream.of("settings", "router", "directory")
                .map(name -> name + "=" + documents.get(name).map(d -> d.version() + ":" + d.text().hashCode()).orElse("-"))
                .toList().toString();
    }

    /** An admin request and a whole SMTP session both still answer. */
    private static void assertNodeServes() throws Exception {
        var versions = RawHttp.exchange(node.adminPort(), get("/api/v1/node/versions"));
        assertEquals(200, versions.status(), versions.head());
        try (Socket smtp = new Socket("127.0.0.1", TestNode.smtpPort(node))) {
            smtp.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            var in = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("220 "));
            smtp.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("221 "));
        }
    }
}
