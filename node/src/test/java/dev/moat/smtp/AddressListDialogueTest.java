package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the address lists do to an SMTP conversation, over an {@code EmbeddedChannel}. */
class AddressListDialogueTest {
    private static final String LISTS = """
            local-domains: [moat.test]
            denied-addresses: 203.0.113.66
            blacklisted-addresses: |
              192.0.2.0/24
            debug-addresses: |
              198.51.100.77
            smtp:
              auth:
                allow-plaintext: true
            """;
    private static final String ADD_HEADER = LISTS + "blacklisted-action: add-header\n";

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue ehlo(Fixture f, String client) {
        d = f.connect(client);
        d.expect("220 " + Fixture.HOST + " ");
        d.send("EHLO client.example").expect("250-" + Fixture.HOST);
        return d;
    }

    @Test
    void aDeniedAddressGets554InPlaceOfTheGreetingAndIsClosed() {
        var f = new Fixture(LISTS);
        d = f.connect("203.0.113.66");

        var reply = d.reply();
        assertTrue(Pattern.matches("554 5\\.7\\.1 mx\\.moat\\.test Access denied \\(ref [0-9A-Z]{10}\\)", reply), reply);
        assertFalse(d.isOpen());
        d.expectNothing();
        assertEquals(1.0, f.registry.counter("moat.smtp.sessions", "outcome", "refused").count());
    }

    @Test
    void aBlacklistedAddressIsGreetedButEveryRecipientIsRefusedNamingWhy() {
        var f = new Fixture(LISTS);
        ehlo(f, "192.0.2.7").send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        d.send("RCPT TO:<user@moat.test>").expect("550 5.7.1 Mail from 192.0.2.7 refused: the address is blacklisted (ref ");
        d.send("RCPT TO:<postmaster@moat.test>").expect("550 5.7.1 Mail from 192.0.2.7 refused: the address is blacklisted");
        d.send("DATA").expect("554 5.5.1 ");
        d.send("QUIT").expect("221 ");
        assertTrue(f.delivery.messages.isEmpty());
        assertEquals(2.0, f.registry.counter("moat.smtp.recipients", "result", "refused", "reason", "blacklist").count());
    }

    @Test
    void inAddHeaderModeABlacklistedAddressSendsAndEachMessageGetsTheHeaderOnce() {
        var f = new Fixture(ADD_HEADER);
        ehlo(f, "192.0.2.7");
        for (int message = 1; message <= 2; message++) {
            d.send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
            d.send("RCPT TO:<a@moat.test>").expect("250 2.1.5 ");
            d.send("RCPT TO:<b@moat.test>").expect("250 2.1.5 ");
            d.send("DATA").expect("354 ");
            d.send("Subject: " + message).send("").send("body").send(".").expect("250 2.0.0 ");
        }
        assertEquals(2, f.delivery.messages.size());
        for (var m : f.delivery.messages) {
            assertEquals(1, count(m.content(), "X-Blacklisted: 192.0.2.7\r\n"), m.content());
            assertTrue(m.content().startsWith("Received: "), m.content());
            assertTrue(m.content().indexOf("X-Blacklisted:") < m.content().indexOf("Subject:"), m.content());
        }
    }

    @Test
    void aHeaderFromTheConnectStageGoesOnEveryMessageOfTheSessionOnce() {
        var f = new Fixture(LISTS).withChecks(Stage.CONNECT, effect(Stage.CONNECT, context -> true));
        ehlo(f, "198.51.100.1");
        for (int message = 1; message <= 2; message++) {
            send(d, "<sender@remote.example>");
        }
        assertEquals(2, f.delivery.messages.size());
        f.delivery.messages.forEach(m -> assertEquals(1, count(m.content(), "X-Test: connect\r\n"), m.content()));
    }

    @Test
    void aHeaderFromTheMailStageGoesOnlyOnThatTransactionsMessage() {
        var f = new Fixture(LISTS).withChecks(Stage.MAIL,
                effect(Stage.MAIL, context -> context.sender().orElseThrow().address().startsWith("tagged")));
        ehlo(f, "198.51.100.1");
        send(d, "<tagged@remote.example>");
        d.send("MAIL FROM:<tagged@remote.example>").expect("250 ");
        d.send("RSET").expect("250 ");
        send(d, "<plain@remote.example>");

        assertEquals(2, f.delivery.messages.size());
        assertEquals(1, count(f.delivery.messages.get(0).content(), "X-Test: mail\r\n"));
        assertEquals(0, count(f.delivery.messages.get(1).content(), "X-Test: mail"), "RSET and the end of a message forget it");
    }

    @Test
    void aSessionFromADebugAddressIsLoggedCommandByCommandWithoutTheMessageOrThePassword() {
        var logger = (Logger) LoggerFactory.getLogger("moat.smtp.debug");
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            var f = new Fixture(LISTS);
            var credentials = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
            ehlo(f, "198.51.100.77").send("AUTH PLAIN " + credentials).expect("235 ");
            send(d, "<alice@moat.test>");
            d.send("QUIT").expect("221 ");
            ehlo(f, "198.51.100.78").send("QUIT").expect("221 ");

            var lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            var all = String.join("\n", lines);
            assertTrue(lines.get(0).matches("[0-9A-Z]{10} connect from 198\\.51\\.100\\.77 port \\d+( via proxy \\S+)?: "
                    + "\\[198\\.51\\.100\\.77] is Stranger, .*"), lines.get(0));
            assertTrue(all.contains(" < EHLO client.example"), all);
            assertTrue(all.contains(" > 250-" + Fixture.HOST), all);
            assertTrue(all.contains(" < MAIL FROM:<alice@moat.test>"), all);
            assertTrue(all.contains(" > 250 2.0.0 Queued"), all);
            assertTrue(all.contains(" disconnect (quit)"), all);
            assertFalse(all.contains(credentials), "no credentials: " + all);
            assertFalse(all.contains("the body of a debugged message"), "no message text: " + all);
            assertFalse(all.contains("198.51.100.78"), "only Debug-list sessions: " + all);
            assertTrue(appender.list.stream().allMatch(e -> e.getLevel() == Level.INFO));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    /** One whole transaction to a local recipient, a one-line body. */
    private static void send(Dialogue d, String sender) {
        d.send("MAIL FROM:" + sender).expect("250 2.1.0 ");
        d.send("RCPT TO:<user@moat.test>").expect("250 2.1.5 ");
        d.send("DATA").expect("354 ");
        d.send("Subject: x").send("").send("the body of a debugged message").send(".").expect("250 2.0.0 ");
    }

    /** A check that passes with the header "X-Test: stage" when {@code when} holds. */
    private static Check effect(Stage stage, Function<CheckContext, Boolean> when) {
        var name = stage.name().toLowerCase(java.util.Locale.ROOT);
        return new Check() {
            public String name() {
                return "test-" + name;
            }

            public CompletionStage<Verdict> check(CheckContext context) {
                return CompletableFuture.completedFuture(when.apply(context)
                        ? Verdict.pass(name(), "test", List.of(new Effect.AddHeader("X-Test", name)))
                        : Verdict.pass());
            }
        };
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
