package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;

/**
 * The console's way in and its pages, in a real browser against two real nodes (see
 * {@link ConsoleCluster}): a wrong token refused and the right one opening the cluster page,
 * node-2's traffic counted on node-1's cluster page from node-2's own meters, and every page
 * rendered with a label for each field, keyboard focus from a skip link, and a screenshot in
 * {@code target/console-screenshots/}.
 */
class ConsoleLoginBrowserTest extends ConsoleBrowserTestBase {
    ConsoleLoginBrowserTest(ConsoleCluster.Console console) {
        super(console);
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

        console.logIn(origin + "/console/");

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

    /** Cell {@code column} (from 1) of {@code node}'s row in the cluster page's traffic table. */
    private String trafficCell(String node, int column) {
        return browser.findElement(By.xpath("//table[caption[starts-with(., 'Traffic per node')]]//tr[td[1]='" + node + "']/td["
                + column + "]")).getText();
    }
}
