package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.settings.Directory;
import dev.moat.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call what, over real HTTP: every route of {@link AdminServer#endpoints()} outside
 * the three open ones refuses every method without the right token, reads included, and the
 * refusal changes nothing and is logged at most once a minute per peer, without the token.
 * The routes come from the server itself, so a route added later is covered without a word here.
 */
class AdminAuthorizationTest {
    private static final String TOKEN = "right-token-0123456789";
    private static final List<String> OPEN = List.of("/health/live", "/health/ready", "/metrics");
    /** A sample value for each path parameter; a route with a new parameter fails until it has one. */
    private static final Map<String, String> SAMPLES = Map.of("{name}", "settings", "{ip}", "192.0.2.7",
            "{user@domain}", "alice@example.test", "{domain}", "example.test");

    @TempDir
    static Path dir;
    static SeededMember seeded;

    TestBackend backend;
    AdminServer server;
    URI base;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startMember() {
        seeded = SeededMember.start(dir);
    }

    @AfterAll
    static void stopMember() {
        seeded.close();
        seeded = null; // the class outlives its tests in the suite's JVM; a stopped member's maps would stay with it
    }

    @BeforeEach
    void startServer() throws Exception {
        backend = seeded.backend();
        backend.editDirectory(d -> d.withDomain("example.test", new Directory.Services(true, true, true)), "test");
        server = new AdminServer(new AdminOptions("127.0.0.1", 0, TOKEN), backend);
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void onlyHealthAndMetricsAreOpenAndNothingUnderApiIs() {
        List<String> open = server.endpoints().stream().filter(AdminServer.Endpoint::open)
                .map(AdminServer.Endpoint::template).toList();

        assertEquals(OPEN, open);
        assertTrue(server.endpoints().stream().filter(e -> !e.open()).allMatch(e -> e.template().startsWith("/api/")));
    }

    @Test
    void everyMethodOfEveryApiRouteWithoutTheRightTokenIs401AndChangesNothing() throws Exception {
        long settingsVersion = seeded.settingsVersion();
        Directory directory = backend.directory();
        List<String> tried = new ArrayList<>();

        for (AdminServer.Endpoint endpoint : server.endpoints()) {
            if (endpoint.open()) {
                continue;
            }
            String path = sample(endpoint.template());
            for (String method : List.of("GET", "PUT", "DELETE", "POST")) {
                for (String authorization : new String[] {null, "Bearer wrong-token", "Bearer " + TOKEN + "x",
                        "Basic " + TOKEN, TOKEN}) {
                    HttpResponse<String> response = send(method, path, authorization, "{\"password\": \"x\"}");

                    assertEquals(401, response.statusCode(), method + " " + path + " with " + authorization);
                    assertEquals("{\"error\":\"this request needs Authorization: Bearer <admin token>\"}", response.body());
                    assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
                }
                tried.add(method + " " + path);
            }
            if (endpoint.methods().contains("GET")) {
                assertNotEquals(401, send("GET", path, "Bearer " + TOKEN, "").statusCode(), "the right token passes on " + path);
            }
        }

        assertTrue(tried.contains("GET /api/v1/cluster/documents/settings"), tried::toString);
        assertTrue(tried.contains("GET /api/v1/directory/accounts/alice@example.test"), tried::toString);
        assertEquals(settingsVersion, seeded.settingsVersion());
        assertEquals(directory, backend.directory(), "no refused request changed the directory");
    }

    @Test
    void anUnknownApiPathIs401WithoutTheTokenAnd404WithIt() throws Exception {
        assertEquals(401, send("GET", "/api/v2/anything", null, "").statusCode());
        assertEquals(404, send("GET", "/api/v2/anything", "Bearer " + TOKEN, "").statusCode());
    }

    @Test
    void healthAndMetricsAnswerWithoutAToken() throws Exception {
        for (String path : OPEN) {
            assertEquals(200, send("GET", path, null, "").statusCode(), path);
        }
    }

    @Test
    void refusalsAreLoggedOncePerPeerWithTheReasonButNeverTheToken() throws Exception {
        try (LogCapture log = LogCapture.of(RefusalLog.class)) {
            for (int i = 0; i < 5; i++) {
                send("GET", "/api/v1/node/versions", "Bearer guess-" + i + "-of-the-token", "");
            }

            List<String> lines = log.lines();
            assertEquals(1, lines.size(), lines::toString);
            assertEquals("WARN Refused admin request GET /api/v1/node/versions from 127.0.0.1: wrong token", lines.get(0));
            assertFalse(String.join("\n", lines).contains("guess-"), "no presented token in the log");
        }
    }

    @Test
    void aPeerRefusedAgainAfterAMinuteIsLoggedWithHowManyWentUnlogged() {
        AtomicLong now = new AtomicLong();
        RefusalLog refusals = new RefusalLog(now::get);
        try (LogCapture log = LogCapture.of(RefusalLog.class)) {
            refusals.refused("192.0.2.7", "GET", "/api/v1/route", "no Authorization header");
            for (int i = 0; i < 4; i++) {
                refusals.refused("192.0.2.7", "GET", "/api/v1/route", "wrong token");
            }
            refusals.refused("192.0.2.8", "PUT", "/api/v1/cluster/documents/settings", "wrong token");
            now.addAndGet(RefusalLog.WINDOW.toNanos());
            refusals.refused("192.0.2.7", "DELETE", "/api/v1/directory/domains/a.test", "not a Bearer token");

            assertEquals(List.of(
                    "WARN Refused admin request GET /api/v1/route from 192.0.2.7: no Authorization header",
                    "WARN Refused admin request PUT /api/v1/cluster/documents/settings from 192.0.2.8: wrong token",
                    "WARN Refused admin request DELETE /api/v1/directory/domains/a.test from 192.0.2.7: not a Bearer token"
                            + " (4 more refused from there in the minute before, not logged)"), log.lines());
        }
    }

    @Test
    void theRefusalLogRemembersABoundedNumberOfPeers() {
        AtomicLong now = new AtomicLong();
        RefusalLog refusals = new RefusalLog(now::get);
        try (LogCapture log = LogCapture.of(RefusalLog.class)) {
            for (int i = 0; i < RefusalLog.MAX_PEERS + 1000; i++) {
                refusals.refused("10.0." + (i / 256) + "." + (i % 256), "GET", "/api/", "wrong token");
            }

            assertEquals(RefusalLog.MAX_PEERS + 1, log.lines().size(), "the peers beyond the bound share one line");
            assertTrue(log.lines().get(RefusalLog.MAX_PEERS).contains("from 10.0.16.0"), log.lines().get(RefusalLog.MAX_PEERS));
        }
    }

    private static String sample(String template) {
        Matcher parameter = Pattern.compile("\\{[^}]+}").matcher(template);
        if (!parameter.find()) {
            return template;
        }
        String value = SAMPLES.get(parameter.group());
        assertTrue(value != null, "give a sample value for " + parameter.group() + " of " + template);
        return template.replace(parameter.group(), value);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("GET") || method.equals("DELETE")
                        ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("If-Match", "\"" + seeded.settingsVersion() + "\"");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }
}
