package dev.moat;

import static dev.moat.ConsoleCluster.Console.greeting;
import static dev.moat.ConsoleCluster.Console.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Temporarily Blocked list in the console, in a real browser against two real nodes (see
 * {@link ConsoleCluster}): an address blocked through the API unblocked in the console and
 * greeted again by the other node, a bulk unblock by prefix after its confirmation, and a block
 * added by hand that the other node then refuses, its reason shown escaped.
 */
class ConsoleBlockingBrowserTest extends ConsoleBrowserTestBase {
    ConsoleBlockingBrowserTest(ConsoleCluster.Console console) {
        super(console);
    }

    @Test
    void anAddressBlockedThroughTheApiIsUnblockedInTheConsoleAndConnectsAgain() throws Exception {
        String sender = "192.0.2.61";
        var api = new AdminClient(nodes.get(1), TestNode.TOKEN);
        var blocked = api.put("/api/v1/temporary/blocked/" + sender, "{\"duration\": \"1h\", \"reason\": \"seen in our logs\"}", null);
        assertEquals(201, blocked.statusCode(), blocked.body());
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(greeting(nodes.get(1), sender).startsWith("554"), "blocked first"));

        // Node 1 lists its replica of the list, which node 2's entry reaches by a map event: soon, not at once.
        Eventually.within(Duration.ofSeconds(10), () -> {
            browser.get(one + "network/temporary-lists?list=blocked&prefix=192.0.2.6");
            String table = browser.findElement(By.cssSelector("#entries table")).getText();
            assertTrue(table.contains(sender) && table.contains("by hand: seen in our logs") && table.contains("node-2"), table);
        });
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

    private static long total(AdminClient api, String prefix) throws Exception {
        return json(api, "/api/v1/temporary/blocked?prefix=" + prefix).path("total").asLong();
    }
}
