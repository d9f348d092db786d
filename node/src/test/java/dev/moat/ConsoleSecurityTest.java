package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's security, over plain HTTP against a real node: the session cookie's
 * attributes, a wrong token refused and repeated failures shut out, a POST without the
 * session's CSRF token or from another origin refused with nothing changed (an edit, an unblock,
 * a bulk unblock), a bulk unblock that is not confirmed removing nothing, pages without a
 * session sent to the login, logout ending the session, and no page holding the admin token
 * or a password hash.
 */
class ConsoleSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLACKLISTED = "/console/network/blacklisted-addresses";

    @TempDir
    static Path dir;
    static final List<Node> nodes = new ArrayList<>();
    static Node node;

    @BeforeAll
    static void start() throws Exception {
        TestNode cluster = new TestNode(dir, 1);
        cluster.writeSettings(1, "local-domains: [moat.test]\n");
        node = cluster.start(1);
        nodes.add(node);
    }

    @AfterAll
    static void stop() {
        TestNode.closeAll(nodes);
        node = null; // the class outlives its tests in the suite's JVM, and would keep the closed node
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictScopedToTheConsoleAndRandom() throws Exception {
        var first = new ConsoleSession(node);
        var second = new ConsoleSession(node);

        HttpResponse<String> login = first.login(TestNode.TOKEN);
        second.login(TestNode.TOKEN);

        assertEquals(303, login.statusCode());
        assertEquals("/console/", login.headers().firstValue("Location").orElseThrow());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("moat-console="), setCookie);
        assertTrue(setCookie.contains("; HttpOnly"), setCookie);
        assertTrue(setCookie.contains("; SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("; Path=/console"), setCookie);
        assertTrue(setCookie.contains("; Max-Age=43200"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back: " + setCookie);
        String id = first.cookie().substring("moat-console=".length());
        assertTrue(id.length() >= 43, "32 random bytes: " + id);
        assertNotEquals(first.cookie(), second.cookie());
        assertFalse(setCookie.contains(TestNode.TOKEN));
        assertEquals(200, first.get("/console/").statusCode());
    }

    @Test
    void aWrongTokenIsRefusedAndRepeatedFailuresShutTheAddressOutForAWhile() throws Exception {
        var guesser = new ConsoleSession(node);
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> refused = guesser.login("not-the-token-" + i);
            assertEquals(401, refused.statusCode());
            assertTrue(refused.body().contains("That is not the admin token"), refused.body());
            assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
        }

        HttpResponse<String> shutOut = guesser.login(TestNode.TOKEN);

        assertEquals(429, shutOut.statusCode(), "the sixth failure shuts the address out, even for the right token");
        assertTrue(shutOut.headers().firstValue("Retry-After").isPresent());
        assertTrue(shutOut.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(303, guesser.get("/console/").statusCode(), "no session was made");
        dev.moat.testing.Eventually.within(java.time.Duration.ofSeconds(5),
                () -> assertEquals(303, loginStatus(guesser), "once the wait is over the right token logs in"));
    }

    @Test
    void aPostWithoutTheCsrfTokenOrFromAnotherOriginChangesNothing() throws Exception {
        var browser = new ConsoleSession(node);
        browser.login(TestNode.TOKEN);
        String page = browser.get(BLACKLISTED).body();
        long before = settingsVersion();

        Map<String, String> noToken = new HashMap<>(ConsoleSession.edit(page, "192.0.2.66\n"));
        noToken.remove("csrf");
        Map<String, String> wrongToken = new HashMap<>(ConsoleSession.edit(page, "192.0.2.66\n"));
        String token = wrongToken.get("csrf");
        wrongToken.put("csrf", (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1));
        HttpResponse<String> withoutToken = browser.post(BLACKLISTED, noToken, browser.origin);
        HttpResponse<String> withWrongToken = browser.post(BLACKLISTED, wrongToken, browser.origin);
        HttpResponse<String> fromElsewhere = browser.post(BLACKLISTED, ConsoleSession.edit(page, "192.0.2.66\n"),
                "http://evil.example");
        HttpResponse<String> withoutSession = new ConsoleSession(node).post(BLACKLISTED,
                ConsoleSession.edit(page, "192.0.2.66\n"), browser.origin);

        assertEquals(403, withoutToken.statusCode());
        assertTrue(withoutToken.body().contains("CSRF token is missing or wrong"), withoutToken.body());
        assertEquals(403, withWrongToken.statusCode());
        assertEquals(403, fromElsewhere.statusCode());
        assertTrue(fromElsewhere.body().contains("Origin or Referer names another site"), fromElsewhere.body());
        assertEquals(403, withoutSession.statusCode());
        assertEquals(before, settingsVersion(), "no refused POST changed the document");

        HttpResponse<String> proper = browser.post(BLACKLISTED, ConsoleSession.edit(page, "192.0.2.66\n"), browser.origin);
        assertEquals(303, proper.statusCode(), proper.body());
        assertEquals(before + 1, settingsVersion(), "the same form with its token is saved");
    }

    @Test
    void anUnblockWithoutTheCsrfTokenOrFromAnotherOriginRemovesNothing() throws Exception {
        var api = new AdminClient(node, TestNode.TOKEN);
        String one = "/api/v1/temporary/blocked/192.0.2.91";
        assertEquals(201, api.put(one, "{\"duration\": \"1h\", \"reason\": \"csrf case\"}", null).statusCode());
        var browser = new ConsoleSession(node);
        browser.login(TestNode.TOKEN);
        String lists = "/console/network/temporary-lists";
        String csrf = ConsoleSession.csrf(browser.get(lists).body());
        Map<String, String> unblock = new HashMap<>(Map.of("list", "blocked", "action", "unblock", "address", "192.0.2.91"));
        Map<String, String> bulk = new HashMap<>(Map.of("list", "blocked", "action", "bulk", "prefix", "192.0.2.9", "confirmed", "yes"));

        assertEquals(403, browser.post(lists, unblock, browser.origin).statusCode(), "no token");
        assertEquals(403, browser.post(lists, bulk, browser.origin).statusCode(), "no token");
        unblock.put("csrf", csrf);
        bulk.put("csrf", csrf);
        assertEquals(403, browser.post(lists, unblock, "http://evil.example").statusCode(), "another origin");
        assertEquals(403, browser.post(lists, bulk, "http://evil.example").statusCode(), "another origin");
        assertEquals(403, new ConsoleSession(node).post(lists, unblock, browser.origin).statusCode(), "no session");
        assertEquals(200, api.get(one, "application/json").statusCode(), "still blocked");

        bulk.remove("confirmed");
        HttpResponse<String> asked = browser.post(lists, bulk, browser.origin);
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("1 entry of the Temporarily Blocked list starts with"), asked.body());
        assertEquals(200, api.get(one, "application/json").statusCode(), "a bulk unblock not confirmed removes nothing");

        HttpResponse<String> proper = browser.post(lists, unblock, browser.origin);
        assertEquals(303, proper.statusCode(), proper.body());
        assertEquals(404, api.get(one, "application/json").statusCode(), "the same form with its token unblocks");
    }

    @Test
    void withoutASessionEveryPageSendsToTheLoginAndLogoutEndsTheSession() throws Exception {
        var stranger = new ConsoleSession(node);
        assertEquals("/console/login", stranger.get(BLACKLISTED).headers().firstValue("Location").orElseThrow());
        assertEquals(303, stranger.get("/console/").statusCode());
        assertEquals(200, stranger.get("/console/static/console.css").statusCode(), "the style sheet is no secret");

        var browser = new ConsoleSession(node);
        browser.login(TestNode.TOKEN);
        String page = browser.get("/console/").body();
        HttpResponse<String> logout = browser.post("/console/logout", Map.of("csrf", ConsoleSession.csrf(page)), browser.origin);

        assertEquals(303, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(303, browser.get("/console/").statusCode(), "the old cookie no longer opens a page");
    }

    @Test
    void noPageHoldsTheAdminTokenOrAPasswordHash() throws Exception {
        var api = new AdminClient(node, TestNode.TOKEN);
        assertEquals(200, api.send(api.request("/api/v1/directory/domains/moat.test")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(""))).statusCode());
        var created = api.send(api.request("/api/v1/directory/accounts/alice@moat.test")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\": \"correct horse\"}")));
        assertEquals(200, created.statusCode(), created.body());
        var browser = new ConsoleSession(node);
        browser.login(TestNode.TOKEN);

        List<String> paths = new ArrayList<>(List.of("/console/", "/console/login"));
        for (var area : List.of("client-addresses", "lan-addresses", "denied-addresses", "blacklisted-addresses",
                "white-hole-addresses", "debug-addresses", "client-dns-names", "blacklisted-dns-names", "white-hole-dns-names",
                "rbl-zones", "temporary-blocking", "temporary-lists")) {
            paths.add("/console/network/" + area + "?test=127.0.0.1");
        }
        for (var area : List.of("return-path", "reverse-connect", "router?route=alice@moat.test", "directory", "smtp-limits", "delivery")) {
            paths.add("/console/mail/" + area);
        }
        paths.add("/console/content/banned-header-lines");
        paths.add("/console/content/banned-body-lines");
        paths.add("/console/content/rules");
        paths.add("/console/decisions?search=1");
        paths.add("/console/decisions/why?address=127.0.0.1");
        paths.add("/console/decisions/modes");
        for (String path : paths) {
            HttpResponse<String> answer = browser.get(path);
            assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            assertFalse(answer.body().contains(TestNode.TOKEN), path);
            assertFalse(answer.body().contains("$pbkdf2"), path);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(answer.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        }
        assertTrue(browser.get("/console/mail/directory").body().contains("alice@moat.test"));
    }

    private static int loginStatus(ConsoleSession session) {
        try {
            return session.login(TestNode.TOKEN).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long settingsVersion() throws Exception {
        var answer = new AdminClient(node, TestNode.TOKEN).get("/api/v1/cluster/documents/settings", "application/json");
        return JSON.readTree(answer.body()).path("version").asLong();
    }
}
