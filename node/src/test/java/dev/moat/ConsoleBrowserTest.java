package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium through chromedriver) against two real
 * nodes in one Hazelcast cluster on loopback: logging in (a wrong token refused), a
 * Blacklisted line added on one node's console reported by the Test Address panel of the
 * other's, a validation error shown beside its line, a stale edit refused with nothing
 * overwritten, the Route panel; an address blocked through the API unblocked in the console and
 * greeted again by the other node, a bulk unblock by prefix after its confirmation, a block added
 * by hand; a refused SMTP session found by the reference in its reply, and its address's why
 * page; the impact preview of a check mode before saving; rules and Reverse Connect edited with
 * their validation; and every page rendered with a label for each field, keyboard focus from a
 * skip link, and a screenshot in {@code target/console-screenshots/}. One browser serves the
 * whole class; node 1 is reached as 127.0.0.1 and node 2 as localhost, so each has its own
 * cookie. Each node has a PROXY listener trusting 127.0.0.1, so a test speaks for any sender
 * address (loopback itself is never blocked) while all traffic stays on loopback.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROXIED = "behind-balancer";
    /** Denied in the server-wide settings of both nodes: refused at the greeting. */
    private static final String DENIED = "127.0.0.44";
    private static final Pattern REFERENCE = Pattern.compile("\\(ref ([0-9A-Z]+)\\)");

    @TempDir
    static Path dir;
    static final List<Node> nodes = new ArrayList<>();
    static ChromeDriver browser;
    static String one;
    static String two;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        TestNode cluster = new TestNode(dir, 2);
        for (int i = 1; i <= 2; i++) {
            cluster.writeSettings(i, TestNode.plainAndProxyListeners(PROXIED), "", "local-domains: [moat.test]\nclient-addresses: \"127.0.0.1\"\ndenied-addresses: \"" + DENIED + "\"\n");
            nodes.add(cluster.start(i));
        }
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, nodes.get(0).member().memberCount()));
        one = "http://127.0.0.1:" + nodes.get(0).adminPort() + "/console/";
        two = "http://localhost:" + nodes.get(1).adminPort() + "/console/";
        logIn(one);
        logIn(two);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        TestNode.closeAll(nodes);
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneOpensTheClusterPage() throws Exception {
        String origin = "http://127.0.0.1:" + nodes.get(0).adminPort();
        browser.get(origin + "/console/");
        browser.manage().deleteAllCookies(); // those of the page's host only: node 1's
        browser.get(origin + "/console/");
        assertTrue(browser.getCurrentUrl().endsWith("/console/login"), "no session: the login page");
        browser.findElement(By.id("token")).sendKeys("guess-" + System.nanoTime(), Keys.ENTER);
        assertEquals("That is not the admin token of this node.", browser.findElement(By.cssSelector("[role=alert]")).getText());
        Browser.screenshot(browser, "login-refused");

        logIn(origin + "/console/");

        assertEquals("Cluster", browser.findElement(By.tagName("h1")).getText());
        String members = browser.findElement(By.id("members")).getText();
        assertTrue(members.contains("node-1 (this node)") && members.contains("node-2"), members);
        assertFalse(browser.getPageSource().contains(TestNode.TOKEN));
        Browser.screenshot(browser, "cluster");
    }

    @Test
    void theClusterPageShowsTheTrafficOfEachMemberFromItsOwnMeters() throws Exception {
        browser.get(one);
        long before = Long.parseLong(trafficCell("node-2", 3).replace(",", ""));
        assertFalse(trafficCell("node-1 (this node)", 2).isEmpty(), "node-1 answers too");

        try (var smtp = new RawSmtp(nodes.get(1).smtpAddress("smtp").getPort(), "127.0.0.1")) {
            smtp.expect("220");
            smtp.send("QUIT").expect("221");
        }

        Eventually.within(Duration.ofSeconds(10), () -> {
            browser.get(one);
            assertTrue(Long.parseLong(trafficCell("node-2", 3).replace(",", "")) > before, "node-1's console counts node-2's connection");
        });
        assertTrue(browser.findElement(By.id("members")).getText().contains("Answered: node-1, node-2."));
    }

    @Test
    void aBlacklistedLineAddedOnOneNodeIsReportedByTheTestAddressPanelOfTheOther() throws Exception {
        browser.get(one + "network/blacklisted-addresses");
        WebElement list = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        list.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "\n192.0.2.77   ; spam run\n");
        list.submit();

        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Saved: the cluster-wide settings document"));
        assertTrue(browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value").contains("192.0.2.77"));

        Eventually.within(Duration.ofSeconds(10), () -> {
            browser.get(two + "network/blacklisted-addresses?test=192.0.2.77#test-address");
            assertEquals("[192.0.2.77] is Blacklisted", browser.findElement(By.id("test-address-line")).getText());
        });
        String result = browser.findElement(By.id("test-address-result")).getText();
        assertTrue(result.contains("cluster-wide blacklisted-addresses"), result);
        assertTrue(result.contains("node-2 on server-wide settings"), result);
        Browser.screenshot(browser, "blacklisted-test-address");
    }

    @Test
    void aValidationErrorIsShownBesideTheLineItNamesAndNothingChanges() throws Exception {
        long before = version("settings");
        browser.get(one + "network/denied-addresses");
        replaceClusterWide("192.0.2.1\n10.0.0.999\n198.51.100.0/24\n");

        WebElement error = browser.findElement(By.cssSelector("li.line-error[data-line='2']"));
        assertTrue(error.getText().startsWith("Line 2: 10.0.0.999"), error.getText());
        assertEquals(1, browser.findElements(By.cssSelector("li.line-error")).size());
        assertTrue(browser.findElement(By.cssSelector(".notice.error")).getText().contains("would not validate"));
        assertEquals("192.0.2.1\n10.0.0.999\n198.51.100.0/24\n",
                browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value"), "the user's text is kept");
        assertEquals(before, version("settings"));
        Browser.screenshot(browser, "validation-error");
    }

    @Test
    void aStaleEditIsRefusedAndOverwritesNothing() throws Exception {
        browser.get(one + "network/debug-addresses");
        var api = new AdminClient(nodes.get(1), TestNode.TOKEN);
        var current = JSON.readTree(api.get("/api/v1/cluster/documents/settings", "application/json").body());
        String theirs = current.path("text").asText() + "# changed through the API meanwhile\n";
        var changed = api.put("/api/v1/cluster/documents/settings", theirs, "\"" + current.path("version").asLong() + "\"");
        assertEquals(200, changed.statusCode(), changed.body());

        WebElement list = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        list.sendKeys("203.0.113.9\n");
        list.submit();

        String notice = browser.findElement(By.cssSelector(".notice.error")).getText();
        assertTrue(notice.contains("someone else changed the cluster-wide settings document"), notice);
        assertTrue(browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value").contains("203.0.113.9"));
        String stored = JSON.readTree(api.get("/api/v1/cluster/documents/settings", "application/json").body()).path("text").asText();
        assertEquals(theirs, stored, "their change stands and ours was not written");
        Browser.screenshot(browser, "stale-edit");
    }

    @Test
    void theRoutePanelShowsEveryRouterStepAndTheNextHop() throws Exception {
        browser.get(one + "mail/router");
        replaceClusterWide("<sales> = alice   ; the sales desk\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().contains("router document is now at version"));

        browser.findElement(By.id("route-input")).sendKeys("sales@moat.test", Keys.ENTER);

        String steps = browser.findElement(By.cssSelector("#route-result table")).getText();
        assertTrue(steps.contains("<sales> = alice"), steps);
        assertTrue(steps.contains("alice"), steps);
        String hops = browser.findElement(By.cssSelector("#route-result dl")).getText();
        assertTrue(hops.contains("as <alice@moat.test>"), hops);
        Browser.screenshot(browser, "router");
    }

    @Test
    void everyPageHasALabelForEachFieldAKeyboardPathAndAScreenshot() throws Exception {
        browser.get(one);
        List<String> links = browser.findElements(By.cssSelector("nav.areas a")).stream().map(a -> a.getAttribute("href")).toList();
        assertTrue(links.size() >= 15, links.toString());
        for (String link : links) {
            browser.get(link);
            String title = browser.findElement(By.tagName("h1")).getText();
            assertFalse(title.isEmpty() || title.equals("Refused"), link);
            Object unlabelled = ((JavascriptExecutor) browser).executeScript("""
                    return [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
                        .filter(f => !f.id || !document.querySelector('label[for="' + f.id + '"]')).map(f => f.outerHTML);""");
            assertEquals(List.of(), unlabelled, link + ": every field has a label");
            assertEquals("page", browser.findElement(By.cssSelector("nav.areas a[href='" + link.substring(link.indexOf("/console")) + "']"))
                    .getAttribute("aria-current"), link);
            String name = link.substring(link.indexOf("/console/") + 9).replace('/', '-');
            Browser.screenshot(browser, name.isEmpty() ? "start" : name);
            browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertEquals("Skip to the content", browser.switchTo().activeElement().getText(), link + ": the first Tab reaches the skip link");
            browser.switchTo().activeElement().sendKeys(Keys.ENTER);
            assertEquals("main", browser.switchTo().activeElement().getAttribute("id"), link + ": the skip link moves focus to the content");
        }
    }

    @Test
    void anAddressBlockedThroughTheApiIsUnblockedInTheConsoleAndConnectsAgain() throws Exception {
        String sender = "192.0.2.61";
        var api = new AdminClient(nodes.get(1), TestNode.TOKEN);
        var blocked = api.put("/api/v1/temporary/blocked/" + sender, "{\"duration\": \"1h\", \"reason\": \"seen in our logs\"}", null);
        assertEquals(201, blocked.statusCode(), blocked.body());
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(greeting(nodes.get(1), sender).startsWith("554"), "blocked first"));

        browser.get(one + "network/temporary-lists?list=blocked&prefix=192.0.2.6");
        String table = browser.findElement(By.cssSelector("#entries table")).getText();
        assertTrue(table.contains(sender) && table.contains("by hand: seen in our logs") && table.contains("node-2"), table);
        Browser.screenshot(browser, "temporary-lists");
        browser.findElement(By.cssSelector("button[aria-label='Unblock " + sender + "']")).click();

        String flash = browser.findElement(By.cssSelector(".notice.ok")).getText();
        assertTrue(flash.startsWith("Removed " + sender + " from the Temporarily Blocked list on every node"), flash);
        assertFalse(browser.findElement(By.cssSelector("#entries table")).getText().contains(sender));
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(greeting(nodes.get(1), sender).startsWith("220"),
                "the other node greets the address again"));
    }

    @Test
    void aBulkUnblockByPrefixAsksFirstThenRemovesOnlyTheAddressesStartingWithIt() throws Exception {
        var api = new AdminClient(nodes.get(0), TestNode.TOKEN);
        for (String address : List.of("198.51.100.71", "198.51.100.72", "198.51.100.81")) {
            var blocked = api.put("/api/v1/temporary/blocked/" + address, "{\"duration\": \"1h\", \"reason\": \"bulk\"}", null);
            assertEquals(201, blocked.statusCode(), blocked.body());
        }
        browser.get(one + "network/temporary-lists?list=blocked");
        WebElement prefix = browser.findElement(By.id("bulk-prefix"));
        prefix.clear();
        prefix.sendKeys("198.51.100.7", Keys.ENTER);

        assertEquals("2 entries of the Temporarily Blocked list start with 198.51.100.7.", browser.findElement(By.id("bulk-count")).getText());
        assertEquals(3, total(api, "198.51.100."), "asking removes nothing");
        Browser.screenshot(browser, "bulk-unblock-confirmation");
        browser.findElement(By.id("bulk-confirm")).click();

        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Removed 2 entries starting with 198.51.100.7"));
        assertEquals(1, total(api, "198.51.100."), "198.51.100.81 stays");
    }

    @Test
    void aBlockAddedByHandInTheConsoleRefusesTheNextConnectionAndShowsItsReasonEscaped() throws Exception {
        String sender = "203.0.113.44";
        browser.get(one + "network/temporary-lists?list=blocked");
        browser.findElement(By.id("add-address")).sendKeys(sender);
        browser.findElement(By.id("add-duration")).clear();
        browser.findElement(By.id("add-duration")).sendKeys("2h");
        browser.findElement(By.id("add-reason")).sendKeys("<b>dictionary attack</b>", Keys.ENTER);

        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Added " + sender + " to the Temporarily Blocked list"));
        assertTrue(browser.findElement(By.cssSelector("#entries table")).getText().contains("by hand: <b>dictionary attack</b>"),
                "the reason is shown as text, not markup");
        assertTrue(browser.findElements(By.cssSelector("#entries table b")).isEmpty());
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(greeting(nodes.get(1), sender).startsWith("554")));

        browser.findElement(By.id("add-address")).sendKeys("203.0.113.300");
        browser.findElement(By.id("add-reason")).sendKeys("typo", Keys.ENTER);
        String refused = browser.findElement(By.cssSelector(".notice.error")).getText();
        assertTrue(refused.startsWith("Not added: 203.0.113.300 is not an IP address"), refused);
        assertEquals("203.0.113.300", browser.findElement(By.id("add-address")).getAttribute("value"), "what was typed stays");
    }

    @Test
    void aRefusedSessionIsFoundInTheDecisionsByTheReferenceInItsReply() throws Exception {
        String reply;
        try (var smtp = new RawSmtp(nodes.get(1).smtpAddress("smtp").getPort(), "127.0.0.42")) {
            smtp.expect("220");
            smtp.send("EHLO stranger.example").expect("250");
            smtp.send("MAIL FROM:<someone@stranger.example>").expect("250");
            reply = smtp.send("RCPT TO:<victim@elsewhere.example>").expect("5");
        }
        Matcher ref = REFERENCE.matcher(reply);
        assertTrue(ref.find(), reply);

        browser.get(one + "decisions");
        browser.findElement(By.id("search-ref")).sendKeys(ref.group(1), Keys.ENTER);

        String records = browser.findElement(By.cssSelector("#results table")).getText();
        assertTrue(records.contains(ref.group(1)) && records.contains("node-2") && records.contains("127.0.0.42"), records);
        assertTrue(records.contains("relay") && records.contains(reply.substring(0, 3)), records);
        assertEquals(1, browser.findElements(By.cssSelector("#results tbody tr")).size(), records);
        assertTrue(browser.findElement(By.id("members-asked")).getText().contains("node-1, node-2"));
        Browser.screenshot(browser, "decisions-by-reference");

        browser.findElement(By.linkText("127.0.0.42")).click();
        assertEquals("[127.0.0.42] is Stranger", browser.findElement(By.id("why-line")).getText());
        assertTrue(browser.findElement(By.cssSelector("#why-result table:last-of-type")).getText().contains(ref.group(1)));
        Browser.screenshot(browser, "why");
    }

    @Test
    void theImpactPreviewOfACheckModeSavesNothingAndTheModeIsThenSaved() throws Exception {
        try (var smtp = new RawSmtp(nodes.get(0).smtpAddress("smtp").getPort(), DENIED)) {
            smtp.expect("554");
        }
        var api = new AdminClient(nodes.get(0), TestNode.TOKEN);
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(json(api, "/api/v1/why/" + DENIED)
                .path("lastSeen").isObject(), "the ended session is remembered"));
        long before = version("settings");

        browser.get(one + "decisions/modes");
        WebElement modes = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        modes.clear();
        modes.sendKeys("modes:\n  denied: monitor\n");
        browser.findElement(By.cssSelector("#cluster-wide button[name=preview]")).click();

        String preview = browser.findElement(By.id("preview")).getText();
        assertTrue(preview.contains("would now be accepted") && preview.contains("Addresses newly accepted\n" + DENIED), preview);
        assertTrue(browser.findElement(By.cssSelector("#preview table")).getText().contains("refused at connect by denied"), preview);
        assertEquals(before, version("settings"), "a preview saves nothing");
        assertEquals("modes:\n  denied: monitor\n", browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value"));
        Browser.screenshot(browser, "impact-preview");

        replaceClusterWide("modes:\n  helo: tag\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Saved: the cluster-wide settings document"));
        assertTrue(browser.findElement(By.id("effective")).getText().contains("helo\ntag"), browser.findElement(By.id("effective")).getText());
    }

    @Test
    void rulesAndReverseConnectAreRefusedWholeNamingTheLineThenSaved() throws Exception {
        long before = version("rules");
        browser.get(one + "content/rules");
        replaceClusterWide("rules:\n  - name: big\n    when:\n      - weight: {greater-than: 5}\n    then:\n      - add-header: \"X-Big: yes\"\n");
        WebElement error = browser.findElement(By.cssSelector("li.line-error"));
        assertEquals("4", error.getAttribute("data-line"), error.getText());
        assertTrue(error.getText().startsWith("Line 4: - weight: {greater-than: 5}"), error.getText());
        assertEquals(before, version("rules"), "nothing saved");

        replaceClusterWide("rules:\n  - name: big\n    when:\n      - size: {greater-than: 50MiB}\n    then:\n      - add-header: \"X-Big: yes\"\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().contains("rules document is now at version"));
        Eventually.within(Duration.ofSeconds(10), () -> {
            browser.get(two + "content/rules");
            assertTrue(browser.findElement(By.id("effective")).getText().contains("big cluster line 2"));
        });
        Browser.screenshot(browser, "rules");

        browser.get(one + "mail/reverse-connect");
        replaceClusterWide("enabled: false\nport: 70000\n");
        assertTrue(browser.findElement(By.cssSelector("li.line-error[data-line='2']")).getText().startsWith("Line 2: port: 70000"));
        replaceClusterWide("enabled: false\nmax-per-domain: 7\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Saved"));
        assertTrue(browser.findElement(By.id("effective")).getText().contains("max-per-domain\n7"));
    }

    /** Each test starts logged in on both nodes, whatever the one before did with the cookies. */
    @BeforeEach
    void loggedIn() {
        for (String console : List.of(one, two)) {
            browser.get(console);
            if (browser.getCurrentUrl().endsWith("/console/login")) {
                logIn(console);
            }
        }
    }

    private static void logIn(String console) {
        browser.get(console + "login");
        browser.findElement(By.id("token")).sendKeys(TestNode.TOKEN, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> driver.getCurrentUrl().endsWith("/console/"));
    }

    private static long version(String document) throws Exception {
        var answer = new AdminClient(nodes.get(0), TestNode.TOKEN).get("/api/v1/cluster/documents/" + document, "application/json");
        return JSON.readTree(answer.body()).path("version").asLong();
    }

    /** Cell {@code column} (from 1) of {@code node}'s row in the cluster page's traffic table. */
    private static String trafficCell(String node, int column) {
        return browser.findElement(By.xpath("//table[caption[starts-with(., 'Traffic per node')]]//tr[td[1]='" + node + "']/td["
                + column + "]")).getText();
    }

    /** Replaces the text of the page's cluster-wide editor with {@code text} and saves it. */
    private static void replaceClusterWide(String text) {
        WebElement editor = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        editor.clear();
        editor.sendKeys(text);
        editor.submit();
    }

    /** The first reply {@code node}'s PROXY listener gives a connection from {@code sender}. */
    private static String greeting(Node node, String sender) {
        try (var smtp = new RawSmtp(node.smtpAddress(PROXIED).getPort(), "127.0.0.1")) {
            smtp.raw("PROXY TCP4 " + sender + " 127.0.0.1 40001 25\r\n");
            return String.valueOf(smtp.reply());
        } catch (java.io.IOException e) {
            return "no greeting: " + e;
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(AdminClient api, String path) {
        try {
            return JSON.readTree(api.get(path, "application/json").body());
        } catch (Exception e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    private static long total(AdminClient api, String prefix) throws Exception {
        return json(api, "/api/v1/temporary/blocked?prefix=" + prefix).path("total").asLong();
    }
}
