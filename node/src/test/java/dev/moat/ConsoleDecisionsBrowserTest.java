package dev.moat;

import static dev.moat.ConsoleCluster.Console.json;
import static dev.moat.ConsoleCluster.DENIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Browser;
import dev.moat.testing.Eventually;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Decisions in the console, in a real browser against two real nodes (see
 * {@link ConsoleCluster}): a refused SMTP session found by the reference in its reply, with its
 * address's why page, and the impact preview of a check mode that saves nothing before the mode
 * is saved.
 */
class ConsoleDecisionsBrowserTest extends ConsoleBrowserTestBase {
    private static final Pattern REFERENCE = Pattern.compile("\\(ref ([0-9A-Z]+)\\)");

    ConsoleDecisionsBrowserTest(ConsoleCluster.Console console) {
        super(console);
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
        long before = console.version("settings");

        browser.get(one + "decisions/modes");
        WebElement modes = browser.findElement(By.cssSelector("#cluster-wide textarea"));
        modes.clear();
        modes.sendKeys("modes:\n  denied: monitor\n");
        browser.findElement(By.cssSelector("#cluster-wide button[name=preview]")).click();

        String preview = browser.findElement(By.id("preview")).getText();
        assertTrue(preview.contains("would now be accepted") && preview.contains("Addresses newly accepted\n" + DENIED), preview);
        assertTrue(browser.findElement(By.cssSelector("#preview table")).getText().contains("refused at connect by denied"), preview);
        assertEquals(before, console.version("settings"), "a preview saves nothing");
        assertEquals("modes:\n  denied: monitor\n", browser.findElement(By.cssSelector("#cluster-wide textarea")).getAttribute("value"));
        Browser.screenshot(browser, "impact-preview");

        console.replaceClusterWide("modes:\n  helo: tag\n");
        assertTrue(browser.findElement(By.cssSelector(".notice.ok")).getText().startsWith("Saved: the cluster-wide settings document"));
        assertTrue(browser.findElement(By.id("effective")).getText().contains("helo\ntag"), browser.findElement(By.id("effective")).getText());
    }
}
