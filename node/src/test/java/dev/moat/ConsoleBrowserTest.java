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
 * overwritten, the Route panel, and every page rendered with a label for each field, keyboard
 * focus from a skip link, and a screenshot in {@code target/console-screenshots/}. One browser
 * serves the whole class; node 1 is reached as 127.0.0.1 and node 2 as localhost, so each has
 * its own cookie.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            cluster.writeSettings(i, "local-domains: [moat.test]\nclient-addresses: \"127.0.0.1\"\n");
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
        WebElement list = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        list.clear();
        list.sendKeys("192.0.2.1\n10.0.0.999\n198.51.100.0/24\n");
        list.submit();

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
        WebElement table = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        table.clear();
        table.sendKeys("<sales> = alice   ; the sales desk\n");
        table.submit();
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
}
