package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.Protections;
import dev.moat.content.BannedLineCheck;
import dev.moat.content.BannedList;
import dev.moat.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Banned header and body lines in a conversation: the node's own checks, assembled from a
 * settings file that names two real list files; each case sends one message and reads the
 * reply, the verdict's reason and the meter.
 */
class BannedLinesDialogueTest {
    private static final String HEADER_LINES = """
            X-Mailer: MassMailer 3.1
            Subject: Make money
             fast, today
            Subject: *casino*
            """;
    private static final String BODY_LINES = """
            Buy cheap watches now
            Click here: http://spam.example/*
            *unsubscribe-never*
            .hidden dot line
            """;

    @TempDir
    Path dir;
    private Fixture f;
    private Dialogue d;
    /** The refusing verdicts the checks reached. */
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    private final List<BannedList> metered = new CopyOnWriteArrayList<>();
    private int deliveredBefore;

    @BeforeEach
    void settings() throws Exception {
        Path header = Files.writeString(dir.resolve("banned-header-lines.txt"), HEADER_LINES);
        Path body = Files.writeString(dir.resolve("banned-body-lines.txt"), BODY_LINES);
        f = new Fixture("""
                local-domains: [moat.test]
                banned-lines:
                  header-file: %s
                  body-file: %s
                """.formatted(header, body));
        f.checks.set(new Protections((context, verdict) -> {
            if (!verdict.passes()) {
                verdicts.add(verdict);
            }
        }, f.events, null, metered::add)
                .assemble(f.settings));
    }

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    /** Sends one message from a Stranger to a local recipient; answers the reply to its end of DATA. */
    private String send(String message) {
        if (d == null) {
            d = f.connect("192.0.2.7");
            d.expect("220 ");
            d.send("EHLO client.example").expect("250-");
        }
        deliveredBefore = f.delivery.messages.size();
        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<bob@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.raw(message + ".\r\n");
        return d.reply();
    }

    private static String message(String header, String... body) {
        return header + "\r\n\r\n" + String.join("\r\n", body) + "\r\n";
    }

    private void assertBanned(String reply, BannedList list, String reason) {
        assertTrue(reply.startsWith("554 5.7.1 Message refused: its content is banned by policy (ref "), reply);
        assertEquals(1, verdicts.size(), verdicts::toString);
        assertEquals(BannedLineCheck.NAME, verdicts.get(0).check());
        assertEquals(reason, verdicts.get(0).reason());
        assertEquals(List.of(list), metered);
        assertEquals(deliveredBefore, f.delivery.messages.size(), "the message did not reach the next hop");
    }

    private void assertPasses(String reply) {
        assertTrue(reply.startsWith("250 "), reply);
        assertEquals(List.of(), verdicts);
        assertEquals(List.of(), metered);
    }

    @Test
    void anExactBodyLineRefusesAtTheEndOfDataAndTheReplyDoesNotNameTheLine() {
        String reply = send(message("Subject: hello", "Hi,", "Buy cheap watches now", "Bye"));

        assertBanned(reply, BannedList.BODY,
                "a body line matches line 1 of the server-wide Banned Body Lines: \"Buy cheap watches now\"");
        assertFalse(reply.contains("watches"), reply);
    }

    @Test
    void aWildcardBodyLineMatchesAnyRun() {
        assertBanned(send(message("Subject: hello", "Click here: http://spam.example/offer?id=7")), BannedList.BODY,
                "a body line matches line 2 of the server-wide Banned Body Lines: \"Click here: http://spam.example/*\"");
    }

    @Test
    void aLineThatDiffersInCaseOnlyPasses() {
        assertPasses(send(message("x-mailer: massmailer 3.1", "buy cheap watches now", "CLICK HERE: http://spam.example/")));
    }

    @Test
    void aFoldedHeaderMatchesOnlyWithItsLineBreaks() {
        assertPasses(send(message("Subject: Make money fast, today", "unwrapped, it is another line")));

        assertBanned(send(message("From: <a@remote.example>\r\nSubject: Make money\r\n fast, today", "text")),
                BannedList.HEADER, "a header field matches line 2 of the server-wide Banned Header Lines: "
                        + "\"Subject: Make money\\r\\n fast, today\"");
    }

    @Test
    void anEncodedBodyIsNotDecoded() {
        String base64 = Base64.getEncoder().encodeToString("Buy cheap watches now\r\n".getBytes(StandardCharsets.US_ASCII));
        String quotedPrintable = "Buy=20cheap=20watches=20now";

        assertPasses(send(message("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b",
                "--b", "Content-Transfer-Encoding: base64", "", base64,
                "--b", "Content-Transfer-Encoding: quoted-printable", "", quotedPrintable, "--b--")));
        assertTrue(f.delivery.messages.get(0).content().contains(base64), "handed on as it came");
    }

    @Test
    void aBannedLineAsTheVeryLastLineBeforeTheDotIsFound() {
        assertBanned(send(message("Subject: hello", "first", "Buy cheap watches now")), BannedList.BODY,
                "a body line matches line 1 of the server-wide Banned Body Lines: \"Buy cheap watches now\"");
    }

    @Test
    void aBannedHeaderAsTheLastLineOfAMessageWithoutABodyIsFound() {
        assertBanned(send("Subject: hello\r\nX-Mailer: MassMailer 3.1\r\n"), BannedList.HEADER,
                "a header field matches line 1 of the server-wide Banned Header Lines: \"X-Mailer: MassMailer 3.1\"");
    }

    @Test
    void aDotStuffedLineIsComparedAfterUnstuffing() {
        assertPasses(send(message("Subject: hello", "...hidden dot line")));

        assertBanned(send(message("Subject: hello", "..hidden dot line")), BannedList.BODY,
                "a body line matches line 4 of the server-wide Banned Body Lines: \".hidden dot line\"");
    }

    @Test
    void headerLinesAreNotLookedUpInTheBodyListNorBodyLinesInTheHeaderList() {
        assertPasses(send(message("Buy cheap watches now: header", "X-Mailer: MassMailer 3.1",
                "Subject: win at the casino")));

        assertBanned(send(message("Subject: win at the casino", "text")), BannedList.HEADER,
                "a header field matches line 4 of the server-wide Banned Header Lines: \"Subject: *casino*\"");
    }

    @Test
    void theSessionGoesOnAfterABannedMessage() {
        send(message("Subject: hello", "Buy cheap watches now"));
        verdicts.clear();
        metered.clear();

        assertPasses(send(message("Subject: hello", "a clean message")));
        assertEquals(1, f.delivery.messages.size());
    }
}
