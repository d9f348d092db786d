package dev.moat.delivery;

import static dev.moat.delivery.SpoolDeliveryTest.ascii;
import static dev.moat.delivery.SpoolDeliveryTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.Reply;
import dev.moat.settings.HostAndPort;
import dev.moat.testing.DeadPort;
import dev.moat.testing.SmtpSink;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayDeliveryTest {

    static final String MESSAGE = "Received: from client\r\nSubject: hi\r\n\r\n..a stuffed line\r\n..\r\nend\r\n";

    private EventLoopGroup group;
    private SmtpSink sink;
    private RelayDelivery delivery;

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        sink = new SmtpSink();
    }

    @AfterEach
    void stop() throws IOException {
        if (delivery != null) {
            delivery.close();
        }
        sink.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static RelayOptions options(int port) {
        return new RelayOptions("127.0.0.1", port, "moat.test", Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 4, Duration.ofSeconds(30));
    }

    private RelayDelivery relay(RelayOptions options) {
        delivery = new RelayDelivery(options, group);
        return delivery;
    }

    @Test
    void messageArrivesByteForByteStillDotStuffed() throws Exception {
        var tx = relay(options(sink.port())).begin(new Sender("alice@example.org", -1, false));
        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());

        var reply = await(tx.send(ascii(MESSAGE)));

        assertEquals(250, reply.code());
        var message = sink.messages().get(0);
        assertEquals("FROM:<alice@example.org>", message.mailFrom());
        assertEquals(List.of("bob@example.com"), message.recipients());
        assertArrayEquals(MESSAGE.getBytes(StandardCharsets.US_ASCII), message.data());
    }

    @Test
    void nextHopRepliesArePassedOnAsTheyAre() throws Exception {
        var tx = relay(options(sink.port())).begin(new Sender("alice@example.org", -1, false));

        var rcpt = await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        var data = await(tx.send(ascii(MESSAGE)));

        assertEquals(Reply.of(250, "2.1.5", "Ok"), rcpt);
        assertEquals(Reply.of(250, "2.0.0", "Ok: queued"), data);
    }

    @Test
    void refusedRecipientGets550WhileTheOtherIsAccepted() throws Exception {
        sink.refuse("nobody@example.com");
        var tx = relay(options(sink.port())).begin(new Sender("alice@example.org", -1, false));

        var refused = await(tx.addRecipient(NextHop.local(), "nobody@example.com"));
        var accepted = await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        var data = await(tx.send(ascii(MESSAGE)));

        assertEquals(550, refused.code());
        assertEquals("5.1.1", refused.enhanced());
        assertEquals(250, accepted.code());
        assertEquals(250, data.code());
        assertEquals(List.of("bob@example.com"), sink.messages().get(0).recipients());
    }

    @Test
    void withNoRecipientAcceptedSendAnswers554WithoutData() throws Exception {
        sink.refuse("nobody@example.com");
        var tx = relay(options(sink.port())).begin(new Sender("alice@example.org", -1, false));
        await(tx.addRecipient(NextHop.local(), "nobody@example.com"));
        var message = ascii(MESSAGE);

        var reply = await(tx.send(message));

        assertEquals(Replies.NO_VALID_RECIPIENTS, reply);
        assertEquals(0, message.refCnt());
        assertTrue(sink.commands().stream().noneMatch(c -> c.equals("DATA")), sink.commands().toString());
    }

    @Test
    void refusedSenderIsTheReplyToEveryRecipient() throws Exception {
        sink.answer("MAIL", "553 5.1.8 Sender address rejected: Domain not found");
        var tx = relay(options(sink.port())).begin(new Sender("alice@nowhere.invalid", -1, false));

        var first = await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        var second = await(tx.addRecipient(NextHop.local(), "carol@example.com"));

        var expected = Reply.of(553, "5.1.8", "Sender address rejected: Domain not found");
        assertEquals(expected, first);
        assertEquals(expected, second);
        assertEquals(554, await(tx.send(ascii(MESSAGE))).code());
    }

    @Test
    void nextHopDownAnswers451OnTheRecipient() throws Exception {
        try (var down = DeadPort.reserve()) {
            var tx = relay(options(down.port())).begin(new Sender("alice@example.org", -1, false));

            var reply = await(tx.addRecipient(NextHop.local(), "bob@example.com"));

            assertEquals(451, reply.code());
            assertEquals("4.4.1", reply.enhanced());
            assertEquals("Next hop 127.0.0.1:" + down.port() + " unreachable: connection refused", reply.text().get(0));
            assertEquals(reply, await(tx.addRecipient(NextHop.local(), "carol@example.com")));
            assertEquals(554, await(tx.send(ascii(MESSAGE))).code());
        }
    }

    @Test
    void nextHopThatNeverGreetsAnswers451() throws Exception {
        try (var silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            var tx = relay(new RelayOptions("127.0.0.1", silent.getLocalPort(), "moat.test", Duration.ofSeconds(2),
                    Duration.ofMillis(300), Duration.ofSeconds(2), 4, Duration.ofSeconds(30)))
                    .begin(new Sender("a@example.org", -1, false));

            var reply = await(tx.addRecipient(NextHop.local(), "bob@example.com"));

            assertEquals("451 4.4.1 Next hop 127.0.0.1:" + silent.getLocalPort()
                    + " unreachable: no reply to greeting within 300ms", reply.toString());
        }
    }

    @Test
    void temporaryRecipientRefusalIsPassedOnAndNotCountedAsAccepted() throws Exception {
        sink.answer("RCPT", "450 4.2.0 Mailbox busy");
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));

        assertEquals(Reply.of(450, "4.2.0", "Mailbox busy"), await(tx.addRecipient(NextHop.local(), "bob@example.com")));
        assertEquals(Replies.NO_VALID_RECIPIENTS, await(tx.send(ascii(MESSAGE))));
    }

    @Test
    void nextHopSlowerThanTheCommandTimeoutAnswers451() throws Exception {
        sink.hold("RCPT");
        var tx = relay(withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5))).begin(new Sender("a@example.org", -1, false));

        var reply = await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        assertEquals(451, reply.code());
        assertEquals("4.4.1", reply.enhanced());
        assertTrue(reply.text().get(0).endsWith("no reply to RCPT within 300ms"), reply.toString());
    }

    @Test
    void nextHopSlowerThanTheDataTimeoutAnswers451() throws Exception {
        sink.hold(SmtpSink.END_OF_DATA);
        var tx = relay(withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))).begin(new Sender("a@example.org", -1, false));
        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());

        var reply = await(tx.send(ascii(MESSAGE)));

        assertEquals(451, reply.code());
        assertEquals("4.4.1", reply.enhanced());
        assertTrue(reply.text().get(0).endsWith("no reply to end of data within 300ms"), reply.toString());
    }

    @Test
    void slowReplyWithinTheTimeoutIsWaitedFor() throws Exception {
        sink.hold("RCPT");
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));
        var pending = tx.addRecipient(NextHop.local(), "bob@example.com");
        sink.awaitCommand("RCPT", 1);

        sink.release();

        assertEquals(250, await(pending).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"451 4.3.0 Try again later", "554 5.7.1 Message refused"})
    void nextHopReplyToTheDataIsPassedOn(String answer) throws Exception {
        sink.answer(SmtpSink.END_OF_DATA, answer);
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        var reply = await(tx.send(ascii(MESSAGE)));

        assertEquals(answer, reply.toString());
    }

    @Test
    void connectionClosedMidTransactionAnswers451AndIsNotReused() throws Exception {
        sink.closeOn(SmtpSink.END_OF_DATA);
        relay(options(sink.port()));
        var tx = delivery.begin(new Sender("a@example.org", -1, false));
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        var reply = await(tx.send(ascii(MESSAGE)));

        assertEquals(451, reply.code());
        assertEquals("4.4.1", reply.enhanced());
        var next = delivery.begin(new Sender("a@example.org", -1, false));
        assertEquals(250, await(next.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(2, sink.connections());
    }

    @Test
    void serviceClosingWith421Answers451AndTheConnectionIsNotReused() throws Exception {
        sink.answer("RCPT", "421 4.3.2 Service shutting down");
        relay(options(sink.port()));
        var tx = delivery.begin(new Sender("a@example.org", -1, false));

        var reply = await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        assertEquals(Reply.of(451, "4.4.1", "Next hop 127.0.0.1:" + sink.port()
                + " unreachable: 421 4.3.2 Service shutting down"), reply);
        sink.answer("RCPT", "250 2.1.5 Ok");
        assertEquals(250, await(delivery.begin(new Sender("a@example.org", -1, false)).addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(2, sink.connections());
    }

    @Test
    void pipeliningIsUsedWhenOffered() throws Exception {
        sink.insistingOnPipelining();
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));

        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(250, await(tx.send(ascii(MESSAGE))).code());
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        sink.withoutPipelining();
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));

        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(250, await(tx.addRecipient(NextHop.local(), "carol@example.com")).code());
        assertEquals(250, await(tx.send(ascii(MESSAGE))).code());
        assertEquals(List.of(), sink.commandsAheadOfReply());
    }

    @Test
    void heloIsUsedWhenEhloIsRefused() throws Exception {
        sink.withoutEhlo();
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", 100, true));

        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(250, await(tx.send(ascii(MESSAGE))).code());
        assertTrue(sink.commands().contains("HELO moat.test"), sink.commands().toString());
        assertTrue(sink.commands().contains("MAIL FROM:<a@example.org>"), sink.commands().toString());
    }

    @Test
    void sizeAndEightBitMimeAreDeclaredWhenOffered() throws Exception {
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", 1234, true));

        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        assertTrue(sink.commands().contains("MAIL FROM:<a@example.org> SIZE=1234 BODY=8BITMIME"), sink.commands().toString());
    }

    @Test
    void nullSenderIsSentAsEmptyAngleBrackets() throws Exception {
        var tx = relay(options(sink.port())).begin(new Sender("", -1, false));

        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        assertTrue(sink.commands().contains("MAIL FROM:<>"), sink.commands().toString());
    }

    @Test
    void messageWithoutFinalLineEndStillEndsWithTheDotOnItsOwnLine() throws Exception {
        var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        assertEquals(250, await(tx.send(ascii("Subject: x\r\n\r\nno line end"))).code());
        assertEquals("Subject: x\r\n\r\nno line end\r\n", new String(sink.messages().get(0).data(), StandardCharsets.US_ASCII));
    }

    private static NextHop named(String name, SmtpSink server) {
        return new NextHop(name, "delivery.next-hops", Optional.of(new HostAndPort("127.0.0.1", server.port())));
    }

    @Test
    void eachRecipientGoesToTheServerOfItsNextHopAndAnotherServerGets452OnceOneWasAccepted() throws Exception {
        try (var partner = new SmtpSink()) {
            var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));

            assertEquals(250, await(tx.addRecipient(named("partner.example", partner), "u@partner.example")).code());
            var other = await(tx.addRecipient(NextHop.local(), "bob@example.com"));
            assertEquals(250, await(tx.addRecipient(named("alias.example", partner), "v@partner.example")).code(),
                    "another name for the same server is the same next hop");
            assertEquals(250, await(tx.send(ascii(MESSAGE))).code());

            assertEquals(452, other.code());
            assertEquals("4.5.3", other.enhanced());
            assertEquals(List.of("u@partner.example", "v@partner.example"), partner.messages().get(0).recipients());
            assertEquals(0, sink.connections(), "the default next hop was never opened");
        }
    }

    @Test
    void aTransactionWithNoRecipientAcceptedYetMovesToTheNextHopOfTheNextOne() throws Exception {
        try (var partner = new SmtpSink()) {
            sink.refuse("nobody@example.com");
            var tx = relay(options(sink.port())).begin(new Sender("a@example.org", -1, false));

            assertEquals(550, await(tx.addRecipient(NextHop.local(), "nobody@example.com")).code());
            assertEquals(250, await(tx.addRecipient(named("partner.example", partner), "u@partner.example")).code());
            assertEquals(250, await(tx.send(ascii(MESSAGE))).code());

            assertEquals(List.of("u@partner.example"), partner.messages().get(0).recipients());
            assertTrue(sink.messages().isEmpty());
            sink.awaitCommand("RSET", 1);
        }
    }

    private RelayOptions withTimeouts(Duration command, Duration data) {
        return new RelayOptions("127.0.0.1", sink.port(), "moat.test", Duration.ofSeconds(2), command, data, 4,
                Duration.ofSeconds(30));
    }
}
