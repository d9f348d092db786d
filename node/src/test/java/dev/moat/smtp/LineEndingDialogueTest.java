package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NUL octets, bare LF and bare CR in commands and message text, and the senders of
 * {@code smtp.lenient-line-endings}, whose bare LF is read as CRLF without ever opening a
 * smuggling path: each refusal names the problem, and what a lenient sender sends reaches the
 * next hop with CRLF line endings and no end of data Moat did not see.
 */
class LineEndingDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String LEGACY = "10.1.2.3";
    private static final String LENIENT = "local-domains: [moat.test]\nsmtp:\n  lenient-line-endings: |\n"
            + "    10.1.2.0/24   ; the old scanners\n";

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue inData(Fixture f, String client) {
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        return d;
    }

    private static double lenientCount(Fixture f) {
        var counter = f.registry.find(MoatMetrics.LENIENT_LINE_ENDINGS).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The message as handed on, without the Received: field Moat adds. */
    private static String handedOn(Fixture f) {
        assertEquals(1, f.delivery.messages.size(), "one message handed on");
        var content = f.delivery.messages.get(0).content();
        return content.substring(content.indexOf("\r\n", content.indexOf("\r\n\tfor ") + 2) + 2);
    }

    @Test
    void aNulInACommandIsAProtocolErrorThatNamesIt() {
        var f = new Fixture();
        d = f.connect(STRANGER);
        d.expect("220 ");
        d.raw("NOOP\0\r\n").expect("500 5.5.2 Command refused: it holds a NUL octet");
        d.send("NOOP").expect("250 ");
        assertEquals(List.of("protocol-error " + STRANGER + " NUL_OCTET"), f.events.events);
    }

    @Test
    void aNulInTheMessageRefusesItAtTheEndAndTheSessionGoesOn() {
        var f = new Fixture();
        inData(f, STRANGER).raw("Subject: x\r\n\r\nhel\0lo\r\n.\r\n").expect("554 5.6.0 Message refused: it holds a NUL octet");
        assertTrue(f.delivery.messages.isEmpty());
        assertEquals(List.of("protocol-error " + STRANGER + " NUL_OCTET"), f.events.events);
        d.send("NOOP").expect("250 ");
        d.send("MAIL FROM:<s@remote.example>").expect("250 ");
    }

    @Test
    void theRefusalOfABareLineFeedNamesIt() {
        var f = new Fixture();
        d = f.connect(STRANGER);
        d.expect("220 ");
        d.raw("NOOP\nNOOP\r\n").expect("500 5.5.2 Command refused: it holds a bare LF (a line feed without a carriage "
                + "return before it): lines end with CRLF");
        d.close();
        inData(f, STRANGER).raw("Subject: x\n\r\nhello\r\n.\r\n").expect("554 5.6.0 Message refused: it holds a bare LF");
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void theRefusalOfABareCarriageReturnNamesIt() {
        var f = new Fixture();
        inData(f, STRANGER).raw("Subject: x\r\n\r\nhello\rworld\r\n.\r\n").expect("554 5.6.0 Message refused: it holds a bare CR");
    }

    @Test
    void aLenientSenderMayEndCommandsAndLinesWithABareLineFeed() {
        var f = new Fixture(LENIENT);
        d = f.connect(LEGACY);
        d.expect("220 ");
        d.raw("EHLO scanner.example\n").expect("250-");
        d.raw("MAIL FROM:<scanner@moat.test>\nRCPT TO:<a@moat.test>\nDATA\n");
        d.expect("250 ");
        d.expect("250 ");
        d.expect("354 ");
        d.raw("Subject: scan\n\nthe scan\n..a stuffed line\r\n.\r\n").expect("250 ");
        assertEquals("Subject: scan\r\n\r\nthe scan\r\n..a stuffed line\r\n", handedOn(f));
        assertEquals(7, lenientCount(f), "every line that ended at a bare LF is counted");
        assertTrue(f.events.events.isEmpty(), "no protocol error: " + f.events.events);
    }

    @Test
    void aLenientSendersBareLineFeedDotIsTextHandedOnStuffedAndOnlyCrLfDotCrLfEndsTheData() {
        var f = new Fixture(LENIENT);
        inData(f, LEGACY);
        // Every smuggling shape: "\n.\n", "\n.\r\n", "\r\n.\n"; then what would be a second message.
        d.raw("Subject: x\r\n\r\nhello\n.\nMAIL FROM:<evil@remote.example>\n.\r\nRCPT TO:<b@moat.test>\r\n.\nDATA\r\n");
        d.expectNothing();
        d.raw("smuggled\r\n.\r\n").expect("250 ");
        d.expectNothing();
        assertEquals("Subject: x\r\n\r\nhello\r\n..\r\nMAIL FROM:<evil@remote.example>\r\n..\r\nRCPT TO:<b@moat.test>\r\n"
                + "..\r\nDATA\r\nsmuggled\r\n", handedOn(f),
                "each lone dot Moat did not take as the end is handed on as \"..\", so the next hop does not either");
        d.send("NOOP").expect("250 ");
    }

    @Test
    void aLenientSenderIsStillRefusedABareCarriageReturnAndANul() {
        var f = new Fixture(LENIENT);
        inData(f, LEGACY).raw("Subject: x\n\nhello\rworld\n.\r\n");
        d.raw("\r\n.\r\n").expect("554 5.6.0 Message refused: it holds a bare CR");
        d.send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.raw("Subject: x\n\nhel\0lo\r\n.\r\n").expect("554 5.6.0 Message refused: it holds a NUL octet");
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void anAddressOffTheListIsStrict() {
        var f = new Fixture(LENIENT);
        d = f.connect(STRANGER);
        d.expect("220 ");
        d.raw("NOOP\nNOOP\r\n").expect("500 5.5.2 Command refused: it holds a bare LF");
        assertEquals(0, lenientCount(f));
    }

    @Test
    void aLenientSessionIsLoggedOnceWithTheClientAddress() {
        var f = new Fixture(LENIENT);
        try (var log = LogCapture.of(LenientLineEndings.class)) {
            d = f.connect(LEGACY);
            d.expect("220 ");
            d.raw("NOOP\nNOOP\nNOOP\n");
            d.expect("250 ");
            d.expect("250 ");
            d.expect("250 ");
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("INFO ") && log.lines().get(0).contains(LEGACY), log.lines().toString());
        }
        assertEquals(3, lenientCount(f));
    }
}
