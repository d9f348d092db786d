package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.Reply;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMTP conversation, command by command, over an {@code EmbeddedChannel}. */
class SmtpDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String CLIENT = "127.0.0.1";

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue open(Fixture f, String client) {
        d = f.connect(client);
        d.expect("220 " + Fixture.HOST + " ");
        return d;
    }

    private Dialogue ehlo(Fixture f, String client) {
        open(f, client).send("EHLO client.example").expect("250-" + Fixture.HOST);
        return d;
    }

    @Test
    void greetingNamesTheHostAndCarriesNoEnhancedCode() {
        d = new Fixture().connect(STRANGER);
        assertEquals("220 " + Fixture.HOST + " ESMTP Moat", d.reply());
    }

    @Test
    void ehloListsTheExtensionsInOrder() {
        open(new Fixture(), STRANGER).send("EHLO client.example");
        var reply = d.reply();
        assertEquals(String.join("\n",
                "250-" + Fixture.HOST + " greets client.example [" + STRANGER + "]",
                "250-PIPELINING",
                "250-SIZE 26214400",
                "250-8BITMIME",
                "250 ENHANCEDSTATUSCODES"), reply);
    }

    @Test
    void ehloOffersStartTlsWhenACertificateIsThere() throws Exception {
        var f = new Fixture();
        f.tls.set(TlsContexts.selfSigned(Fixture.HOST));
        open(f, STRANGER).send("EHLO client.example");
        var reply = d.reply();
        assertTrue(reply.contains("250-STARTTLS") || reply.endsWith("250 STARTTLS"), reply);
        assertFalse(reply.contains("AUTH"), "AUTH must not be offered before TLS: " + reply);
    }

    @Test
    void heloAnswersWithTheHostNameOnly() {
        open(new Fixture(), STRANGER).send("HELO client.example");
        assertEquals("250 " + Fixture.HOST, d.reply());
    }

    @Test
    void ehloWithoutANameIsASyntaxError() {
        open(new Fixture(), STRANGER).send("EHLO");
        d.expect("501 5.5.4 ");
    }

    @Test
    void mailBeforeHeloIsOutOfOrderAndTheSessionGoesOn() {
        var f = new Fixture();
        open(f, STRANGER).send("MAIL FROM:<a@b.example>").expect("503 5.5.1 ");
        d.send("NOOP").expect("250 2.0.0 ");
        assertEquals(List.of("protocol-error " + STRANGER + " BAD_SEQUENCE"), f.events.events);
    }

    @Test
    void rcptBeforeMailAndDataBeforeRcptAreOutOfOrder() {
        ehlo(new Fixture(), STRANGER).send("RCPT TO:<u@moat.test>").expect("503 5.5.1 ");
        d.send("DATA").expect("503 5.5.1 ");
        d.send("MAIL FROM:<a@b.example>").expect("250 2.1.0 ");
        d.send("DATA").expect("503 5.5.1 ");
        d.send("MAIL FROM:<a@b.example>").expect("503 5.5.1 ");
    }

    @Test
    void unknownCommandIsRefusedAndCounted() {
        var f = new Fixture();
        open(f, STRANGER).send("XYZZY hello").expect("500 5.5.1 ");
        d.send("NOOP").expect("250 2.0.0 ");
        assertEquals(List.of("protocol-error " + STRANGER + " UNKNOWN_COMMAND"), f.events.events);
    }

    @Test
    void nonAsciiCommandIsASyntaxError() {
        open(new Fixture(), STRANGER).send("EHLO caf\u00e9.example").expect("500 5.5.2 ");
    }

    @Test
    void badAddressesGetTheirOwnEnhancedCodes() {
        ehlo(new Fixture(), STRANGER).send("MAIL FROM:a@b.example").expect("501 5.1.7 ");
        d.send("MAIL FROM:<a@@b.example>").expect("501 5.1.7 ");
        d.send("MAIL FROM:<a@b.example> SIZE=12").expect("250 2.1.0 ");
        d.send("RCPT TO:<>").expect("501 5.1.3 ");
        d.send("RCPT TO:<u@moat.test").expect("501 5.1.3 ");
        d.send("RCPT TO:<u@moat.test> NOTIFY=NEVER").expect("555 5.5.4 ");
    }

    @Test
    void nullSenderIsAccepted() {
        ehlo(new Fixture(), STRANGER).send("MAIL FROM:<>").expect("250 2.1.0 ");
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedAtMail() {
        ehlo(new Fixture("local-domains: [moat.test]\nsmtp:\n  max-message-size: 1KiB\n"), STRANGER)
                .send("MAIL FROM:<a@b.example> SIZE=1025").expect("552 5.3.4 ");
        d.send("MAIL FROM:<a@b.example> SIZE=x").expect("501 5.5.4 ");
        d.send("MAIL FROM:<a@b.example> FOO=BAR").expect("555 5.5.4 ");
        d.send("MAIL FROM:<a@b.example> BODY=8BITMIME SIZE=1024").expect("250 2.1.0 ");
    }

    @Test
    void simpleCommandsAnswerAsTheRfcSays() {
        open(new Fixture(), STRANGER).send("VRFY someone").expect("252 2.5.0 ");
        d.send("VRFY").expect("501 5.5.4 ");
        d.send("EXPN list").expect("502 5.5.1 ");
        var help = d.send("HELP").reply();
        assertTrue(help.startsWith("214-2.0.0 ") && help.contains("\n214 2.0.0 "), help);
        d.send("NOOP").expect("250 2.0.0 ");
        d.send("RSET").expect("250 2.0.0 ");
        d.send("QUIT").expect("221 2.0.0 ");
        assertFalse(d.isOpen());
    }

    @Test
    void aStrangerMailsALocalRecipientAndTheMessageArrivesWithATraceHeader() {
        var f = new Fixture();
        ehlo(f, STRANGER).send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        d.send("RCPT TO:<user@moat.test>").expect("250 2.1.5 ");
        d.send("DATA").expect("354 ");
        d.send("Subject: hi").send("").send("..leading dot").send("body").send(".").expect("250 2.0.0 ");
        assertEquals(1, f.delivery.messages.size());
        var m = f.delivery.messages.get(0);
        assertEquals("sender@remote.example", m.sender());
        assertEquals(List.of("user@moat.test"), m.recipients());
        assertTrue(m.content().startsWith("Received: from client.example ([" + STRANGER + "])\r\n\tby "
                + Fixture.HOST + " (Moat) with ESMTP id "), m.content());
        assertTrue(m.content().contains("\r\n\tfor <user@moat.test>; "), m.content());
        assertTrue(m.content().endsWith("\r\nSubject: hi\r\n\r\n..leading dot\r\nbody\r\n"),
                "the body is handed on exactly as received, dot-stuffing kept: " + m.content());
    }

    @Test
    void aStrangerCannotRelay() {
        var f = new Fixture();
        ehlo(f, STRANGER).send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        var reply = d.send("RCPT TO:<victim@elsewhere.example>").expect("550 5.7.1 Relaying denied");
        assertTrue(reply.matches("550 5\\.7\\.1 Relaying denied \\(ref [0-9A-Z]{10}\\)"), reply);
        d.send("DATA").expect("554 5.5.1 ");
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void aStrangerCannotRelayThroughRoutesInALocalAddress() {
        ehlo(new Fixture(), STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 2.1.0 ");
        d.send("RCPT TO:<victim%elsewhere.example@moat.test>").expect("550 5.7.1 ");
        d.send("RCPT TO:<elsewhere.example!victim@moat.test>").expect("550 5.7.1 ");
        d.send("RCPT TO:<\"victim@elsewhere.example\"@moat.test>").expect("550 5.7.1 ");
        d.send("RCPT TO:<@moat.test:victim@elsewhere.example>").expect("550 5.7.1 ");
        d.send("RCPT TO:<victim@[192.0.2.1]>").expect("550 5.7.1 ");
        d.send("RCPT TO:<postmaster>").expect("250 ");
        d.send("RCPT TO:<USER@MOAT.TEST.>").expect("250 ");
    }

    @Test
    void aClientAddressMayRelay() {
        ehlo(new Fixture(), CLIENT).send("MAIL FROM:<me@moat.test>").expect("250 2.1.0 ");
        d.send("RCPT TO:<friend@elsewhere.example>").expect("250 2.1.5 ");
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        var f = new Fixture();
        ehlo(f, STRANGER).raw("MAIL FROM:<s@remote.example>\r\nRCPT TO:<a@moat.test>\r\n"
                + "RCPT TO:<x@elsewhere.example>\r\nRCPT TO:<b@moat.test>\r\nDATA\r\n");
        d.expect("250 2.1.0 ");
        d.expect("250 2.1.5 ");
        d.expect("550 5.7.1 ");
        d.expect("250 2.1.5 ");
        d.expect("354 ");
        d.raw("Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n");
        d.expect("250 2.0.0 ");
        d.expect("221 2.0.0 ");
        assertEquals(List.of("a@moat.test", "b@moat.test"), f.delivery.messages.get(0).recipients());
    }

    @Test
    void aCommandSplitOverSeveralReadsIsOneCommand() {
        open(new Fixture(), STRANGER).raw("EH").raw("LO cli").raw("ent.example\r").raw("\n");
        d.expect("250-");
    }

    @Test
    void commandLineOver512OctetsIsAProtocolError() {
        var f = new Fixture();
        open(f, STRANGER).send("NOOP " + "x".repeat(506)).expect("500 5.5.2 ");
        d.send("NOOP " + "x".repeat(505)).expect("250 ");
        assertEquals(List.of("protocol-error " + STRANGER + " LINE_TOO_LONG"), f.events.events);
    }

    @Test
    void lineOver1000OctetsIsThrownAwayAndAnswered() {
        open(new Fixture(), STRANGER).raw("NOOP " + "x".repeat(3000)).raw("y".repeat(3000) + "\r\n");
        d.expect("500 5.5.2 ");
        d.send("NOOP").expect("250 ");
    }

    @Test
    void bareLineFeedIsAProtocolError() {
        var f = new Fixture();
        open(f, STRANGER).raw("NOOP\nNOOP\r\n").expect("500 5.5.2 ");
        d.expectNothing();
        d.send("NOOP").expect("250 ");
        assertEquals(List.of("protocol-error " + STRANGER + " BARE_LINE_ENDING"), f.events.events);
    }

    @Test
    void bareLineFeedDotCannotEndTheMessage() {
        var f = new Fixture();
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        // The smuggling attempt: "\n.\n" or "\r\n.\n" must not end the data.
        d.raw("Subject: x\r\n\r\nhello\n.\nMAIL FROM:<evil@remote.example>\r\n");
        d.expectNothing();
        d.raw("more\r\n.\r\n").expect("554 5.6.0 ");
        assertTrue(f.delivery.messages.isEmpty());
        d.send("NOOP").expect("250 ");
    }

    @Test
    void bareCarriageReturnInTheMessageRefusesIt() {
        var f = new Fixture();
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.raw("Subject: x\r\n\r\nhello\r.\rworld\r\n.\r\n").expect("554 5.6.0 ");
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void tooManyProtocolErrorsCloseTheSessionWith421() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-protocol-errors: 3\n");
        open(f, STRANGER).send("BAD1").expect("500 ");
        d.send("BAD2").expect("500 ");
        d.send("BAD3").expect("500 ");
        d.expect("421 4.7.0 ");
        assertFalse(d.isOpen());
        assertEquals(3, f.events.events.size());
    }

    @Test
    void tooManyRecipientsGet452() {
        ehlo(new Fixture("local-domains: [moat.test]\nsmtp:\n  max-recipients: 2\n"), STRANGER)
                .send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("RCPT TO:<b@moat.test>").expect("250 ");
        d.send("RCPT TO:<c@moat.test>").expect("452 4.5.3 ");
    }

    @Test
    void messageOverTheSizeLimitIsRefusedAtTheEnd() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-message-size: 1KiB\n");
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("DATA").expect("354 ");
        for (int i = 0; i < 20; i++) {
            d.send("x".repeat(100));
        }
        d.send(".").expect("552 5.3.4 ");
        assertTrue(f.delivery.messages.isEmpty());
        d.send("MAIL FROM:<s@remote.example>").expect("250 ");
    }

    @Test
    void authIsRefusedInTheClearUnlessAllowed() {
        ehlo(new Fixture(), STRANGER).send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").expect("538 5.7.11 ");
    }

    @Test
    void authPlainWithAnInitialResponseLogsIn() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        open(f, STRANGER).send("EHLO client.example");
        assertTrue(d.reply().endsWith("\n250 AUTH PLAIN LOGIN"));
        d.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").expect("235 2.7.0 ");
        d.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==").expect("503 5.5.1 ");
        d.send("MAIL FROM:<alice@moat.test>").expect("250 ");
        d.send("RCPT TO:<friend@elsewhere.example>").expect("250 2.1.5 ");
        assertEquals(List.of("login-succeeded " + STRANGER + " alice", "protocol-error " + STRANGER + " BAD_SEQUENCE"),
                f.events.events);
    }

    @Test
    void authPlainWithAWrongPasswordFailsAndIsReported() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        ehlo(f, STRANGER).send("AUTH PLAIN").expect("334 ");
        d.send("AGFsaWNlAHdyb25n").expect("535 5.7.8 ");
        d.send("MAIL FROM:<alice@moat.test>").expect("250 ");
        d.send("RCPT TO:<friend@elsewhere.example>").expect("550 5.7.1 ");
        assertEquals(List.of("login-failed " + STRANGER + " alice"), f.events.events);
    }

    @Test
    void authLoginAsksForUserAndPassword() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        ehlo(f, STRANGER).send("AUTH LOGIN").expect("334 VXNlcm5hbWU6");
        d.send("YWxpY2U=").expect("334 UGFzc3dvcmQ6");
        d.send("c2VjcmV0").expect("235 2.7.0 ");
    }

    @Test
    void authCanBeCancelledAndBadBase64IsASyntaxError() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        ehlo(f, STRANGER).send("AUTH LOGIN").expect("334 ");
        d.send("*").expect("501 5.0.0 ");
        d.send("AUTH PLAIN !!!").expect("501 5.5.2 ");
        d.send("AUTH CRAM-MD5").expect("504 5.5.4 ");
    }

    @Test
    void startTlsDropsWhateverWasPipelinedBehindIt() throws Exception {
        var f = new Fixture();
        f.tls.set(TlsContexts.selfSigned(Fixture.HOST));
        ehlo(f, STRANGER).raw("STARTTLS\r\nMAIL FROM:<injected@remote.example>\r\n");
        d.expect("220 2.0.0 ");
        d.settle();
        assertTrue(d.channel.pipeline().names().contains("tls"), d.channel.pipeline().names().toString());
        assertTrue(f.events.events.isEmpty(), "the injected command must not be executed: " + f.events.events);
    }

    @Test
    void submissionListenerRequiresTlsBeforeMail() {
        d = new Fixture().connect(STRANGER, new SmtpListener("submission", "127.0.0.1", 0, false, true));
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<a@b.example>").expect("530 5.7.0 ");
    }

    @Test
    void aPendingCheckHoldsThePipelinedCommandsBehindIt() {
        var pending = new CompletableFuture<Verdict>();
        var f = new Fixture().withChecks(Stage.MAIL, new Check() {
            public String name() {
                return "slow";
            }

            public CompletionStage<Verdict> check(CheckContext context) {
                return pending;
            }
        });
        ehlo(f, STRANGER).raw("MAIL FROM:<s@remote.example>\r\nRCPT TO:<a@moat.test>\r\nNOOP\r\n");
        d.expectNothing();
        pending.complete(Verdict.pass());
        d.expect("250 2.1.0 ");
        d.expect("250 2.1.5 ");
        d.expect("250 2.0.0 ");
    }

    @Test
    void aCheckThatThrowsBecomes451NamingIt() {
        var f = new Fixture().withChecks(Stage.MAIL, new Check() {
            public String name() {
                return "broken";
            }

            public CompletionStage<Verdict> check(CheckContext context) {
                throw new IllegalStateException("boom");
            }
        });
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("451 4.3.0 Temporary failure in check broken");
        d.send("NOOP").expect("250 ");
    }

    @Test
    void aCheckCanDisconnect() {
        var f = new Fixture().withChecks(Stage.HELO, new Check() {
            public String name() {
                return "helo";
            }

            public CompletionStage<Verdict> check(CheckContext context) {
                return CompletableFuture.completedFuture(Verdict.disconnect("helo",
                        Reply.of(421, "4.7.0", "Go away"), "test"));
            }
        });
        open(f, STRANGER).send("EHLO x").expect("421 4.7.0 Go away (ref ");
        assertFalse(d.isOpen());
    }

    @Test
    void nextHopRefusalsOfRecipientsReachTheClient() {
        var f = new Fixture();
        f.delivery.refuseRecipientsWith = Reply.permanent(550, "5.1.1", "No such user");
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<nobody@moat.test>").expect("550 5.1.1 No such user");
        d.send("DATA").expect("554 5.5.1 ");
    }

    @Test
    void rsetAbortsTheHandOff() {
        var f = new Fixture();
        ehlo(f, STRANGER).send("MAIL FROM:<s@remote.example>").expect("250 ");
        d.send("RCPT TO:<a@moat.test>").expect("250 ");
        d.send("RSET").expect("250 ");
        assertEquals(List.of("s@remote.example"), f.delivery.aborted);
        d.send("RCPT TO:<a@moat.test>").expect("503 5.5.1 ");
    }

    @Test
    void perAddressConnectionLimitAnswers421() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-connections-per-address: 1\n");
        open(f, STRANGER);
        try (var second = f.connect(STRANGER)) {
            second.expect("421 4.7.0 ");
            assertFalse(second.isOpen());
        }
        try (var other = f.connect("192.0.2.8")) {
            other.expect("220 ");
        }
    }

    @Test
    void aSilentClientIsClosedWith421AfterTheCommandTimeout() {
        open(new Fixture("local-domains: [moat.test]\nsmtp:\n  timeouts:\n    command: 30s\n"), STRANGER);
        d.channel.advanceTimeBy(20, java.util.concurrent.TimeUnit.SECONDS);
        d.expectNothing();
        d.send("NOOP").expect("250 ");
        d.channel.advanceTimeBy(29, java.util.concurrent.TimeUnit.SECONDS);
        d.expectNothing();
        assertTrue(d.isOpen());
        d.channel.advanceTimeBy(2, java.util.concurrent.TimeUnit.SECONDS);
        d.expect("421 4.4.2 ");
        assertFalse(d.isOpen());
    }
}
