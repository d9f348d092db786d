package dev.moat;

import static dev.moat.ConsoleCluster.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Editing settings documents in the console, in a real browser against two real nodes (see
 * {@link ConsoleCluster}): a Blacklisted line added on one node's console reported by the Test
 * Address panel of the other's, a validation error shown beside its line, a stale edit refused
 * with nothing overwritten, the Route panel after a Router record saved, and rules and Reverse
 * Connect refused whole naming the bad line, then saved.
 */
class ConsoleSettingsBrowserTest extends ConsoleBrowserTestBase {
    ConsoleSettingsBrowserTest(ConsoleCluster.Console console) {
        super(console);
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
        long before = console.version("settings");
        browser.get(one + "network/denied-addresses");
        console.replaceClusterWide("192.0.2.1\n10.0.0.999\n198.51.100.0/24\n");

        WebElement error = browser.findElement(By.cssSelector("li.line-error[data-line='2']"));
        assertTrue(error.getText().startsWith("Line 2: 10.0.0.999"), error.getText());
        assertEquals(1, browser.findElements(By.cssSelector("li.line-error")).size());
        assertTrue(browser.findElement(By.cssSelector(".notice.error")).getText().contains("would not validate"));
        assertEquals("192.0.2.1\n10.0.0.999\n198.51.100.0/24\n",
                browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value"), "the user's text is kept");
        assertEquals(before, console.version("settings"));
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
        console.replaceClusterWide("<sales> = alice   ; the sales desk\n");
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
    void rulesAndReverseConnectAreRefusedWholeNamingTheLineThenSaved() throws Exception {
        long before = console.version("rules");
        browser.get(one + "content/rules");
        console.replaceClusterWide("rules:\n  - name: big\n    when:\n      - weight: {greater-than: 5}\n    then:\n      - add-header: \"X-Big: yes\"\n");
        WebElement error = browser.findElement(By.cssSelector("li.line-error"));
        assertEquals("4", error.getAttribute("data-line"), error.getText());
        assertTrue(error.getText().startsWith("Line 4: - weight: {greater-than: 5}"), error.getText());
        assertEquals(before, console.version("rules"), "nothing saved");

        console.replaceClusterWide("rules:\n  - name: big\n    when:\n      - size: {greater-than: 50MiB}\n    then:\n      - add-header: \"X-Big: yes\"\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().contains("rules document is now at version"));
        Eventually.within(Duration.ofSeconds(10), () -> {
            browser.get(two + "content/rules");
            assertTrue(browser.findElement(By.id("effective")).getText().contains("big cluster line 2"));
        });
        Browser.screenshot(browser, "rules");

        browser.get(one + "mail/reverse-connect");
        console.replaceClusterWide("enabled: false\nport: 70000\n");
        assertTrue(browser.findElement(By.cssSelector("li.line-error[data-line='2']")).getText().startsWith("Line 2: port: 70000"));
        console.replaceClusterWide("enabled: false\nmax-per-domain: 7\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Saved"));
        assertTrue(browser.findElement(By.id("effective")).getText().contains("max-per-domain\n7"));
    }
}
