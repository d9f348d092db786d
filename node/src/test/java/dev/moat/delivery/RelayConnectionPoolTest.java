package dev.moat.delivery;

import dev.moat.testing.SmtpSink;
import static dev.moat.delivery.RelayDeliveryTest.MESSAGE;
import static dev.moat.delivery.SpoolDeliveryTest.ascii;
import static dev.moat.delivery.SpoolDeliveryTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayConnectionPoolTest {

    private EventLoopGroup group;
    private SmtpSink sink;
    private RelayDelivery delivery;

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
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

    private RelayDelivery relay(int maxConnections, Duration commandTimeout, Duration idleTimeout) {
        delivery = new RelayDelivery(new RelayOptions("127.0.0.1", sink.port(), "moat.test", Duration.ofSeconds(2),
                commandTimeout, Duration.ofSeconds(5), maxConnections, idleTimeout), group);
        return delivery;
    }

    private RelayDelivery relay(int maxConnections) {
        return relay(maxConnections, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private Transaction begin() {
        return delivery.begin(new Sender("alice@example.org", -1, false));
    }

    @Test
    void twentySequentialMessagesUseOneConnection() throws Exception {
        relay(4);
        for (int i = 0; i < 20; i++) {
            var tx = begin();
            assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());
            assertEquals(250, await(tx.send(ascii(MESSAGE))).code());
        }

        assertEquals(20, sink.messages().size());
        assertEquals(1, sink.connections());
    }

    @Test
    void stateCountsConnectionsInUseIdleAndTheTransactionsWaiting() throws Exception {
        relay(1);
        assertEquals(new HandOffState(0, 0, 0, 0, 0), delivery.state());
        sink.hold("DATA");
        var first = begin();
        assertEquals(250, await(first.addRecipient(NextHop.local(), "bob@example.com")).code());
        var sending = first.send(ascii(MESSAGE));
        sink.awaitCommand("DATA", 1);
        var second = begin().addRecipient(NextHop.local(), "carol@example.com");
        dev.moat.testing.Eventually.until("the second waits", () -> delivery.state().waiting() == 1);
        assertEquals(new HandOffState(1, 0, 1, 0, 0), delivery.state());

        sink.release();
        assertEquals(250, await(sending).code());
        assertEquals(250, await(second).code());
        assertEquals(new HandOffState(1, 0, 0, 0, 0), delivery.state());
    }

    @Test
    void abortSaysRsetAndTheNextTransactionUsesTheSameConnection() throws Exception {
        relay(1);
        var aborted = begin();
        await(aborted.addRecipient(NextHop.local(), "bob@example.com"));

        aborted.abort();
        aborted.abort();
        var next = begin();

        assertEquals(250, await(next.addRecipient(NextHop.local(), "carol@example.com")).code());
        assertEquals(250, await(next.send(ascii(MESSAGE))).code());
        assertEquals(1, sink.connections());
        assertEquals(1, sink.commands().stream().filter("RSET"::equals).count());
        assertEquals(List.of("carol@example.com"), sink.messages().get(0).recipients());
    }

    @Test
    void abortBeforeAnyRecipientSendsNothing() throws Exception {
        relay(1);
        var tx = begin();

        tx.abort();

        assertEquals(Replies.BAD_SEQUENCE, await(tx.addRecipient(NextHop.local(), "bob@example.com")));
        assertEquals(0, sink.connections());
    }

    @Test
    void abortAfterSendChangesNothing() throws Exception {
        relay(1);
        var tx = begin();
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        await(tx.send(ascii(MESSAGE)));

        tx.abort();
        var next = begin();

        assertEquals(250, await(next.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertFalse(sink.commands().contains("RSET"), sink.commands().toString());
    }

    @Test
    void connectionWhoseDataWasRefusedIsResetAndReused() throws Exception {
        sink.answer(SmtpSink.END_OF_DATA, "554 5.7.1 Message refused");
        relay(1);
        var refused = begin();
        await(refused.addRecipient(NextHop.local(), "bob@example.com"));
        assertEquals(554, await(refused.send(ascii(MESSAGE))).code());

        var next = begin();

        assertEquals(250, await(next.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(1, sink.connections());
        assertTrue(sink.commands().contains("RSET"), sink.commands().toString());
    }

    @Test
    void idleConnectionIsClosedWithQuitAfterTheIdleTimeout() throws Exception {
        relay(4, Duration.ofSeconds(5), Duration.ofMillis(200));
        var tx = begin();
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        await(tx.send(ascii(MESSAGE)));

        sink.awaitCommand("QUIT", 1);

        var next = begin();
        assertEquals(250, await(next.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(2, sink.connections());
    }

    @Test
    void pooledConnectionClosedByTheNextHopIsReplaced() throws Exception {
        relay(4);
        var first = begin();
        await(first.addRecipient(NextHop.local(), "bob@example.com"));
        await(first.send(ascii(MESSAGE)));

        sink.dropConnections();
        var second = begin();

        assertEquals(250, await(second.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(250, await(second.send(ascii(MESSAGE))).code());
        assertEquals(2, sink.connections());
    }

    @Test
    void transactionWaitsForTheBusyConnectionWhenAllAreInUse() throws Exception {
        relay(1);
        var busy = begin();
        await(busy.addRecipient(NextHop.local(), "bob@example.com"));

        var waiting = begin().addRecipient(NextHop.local(), "carol@example.com");
        assertFalse(waiting.toCompletableFuture().isDone());
        assertEquals(250, await(busy.send(ascii(MESSAGE))).code());

        assertEquals(250, await(waiting).code());
        assertEquals(1, sink.connections());
    }

    @Test
    void beyondTheWaitersTheAnswerIs451AtOnce() throws Exception {
        relay(1);
        var busy = begin();
        await(busy.addRecipient(NextHop.local(), "bob@example.com"));
        var waiting = begin().addRecipient(NextHop.local(), "carol@example.com");

        var turnedAway = await(begin().addRecipient(NextHop.local(), "dave@example.com"));

        assertEquals("451 4.4.1 Next hop 127.0.0.1:" + sink.port() + " unreachable: all 1 connections busy",
                turnedAway.toString());
        busy.abort();
        assertEquals(250, await(waiting).code());
    }

    @Test
    void waiterGivesUpAfterTheCommandTimeout() throws Exception {
        relay(1, Duration.ofMillis(300), Duration.ofSeconds(30));
        var busy = begin();
        await(busy.addRecipient(NextHop.local(), "bob@example.com"));

        var reply = await(begin().addRecipient(NextHop.local(), "carol@example.com"));

        assertEquals(451, reply.code());
        assertEquals("4.4.1", reply.enhanced());
    }

    @Test
    void closeQuitsIdleConnections() throws Exception {
        relay(4);
        var tx = begin();
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));
        await(tx.send(ascii(MESSAGE)));

        delivery.close();

        sink.awaitCommand("QUIT", 1);
    }

    @Test
    void closeLetsABusyTransactionFinishThenQuits() throws Exception {
        relay(4);
        var tx = begin();
        await(tx.addRecipient(NextHop.local(), "bob@example.com"));

        delivery.close();

        assertEquals(250, await(tx.send(ascii(MESSAGE))).code());
        sink.awaitCommand("QUIT", 1);
    }

    @Test
    void transactionBegunAfterCloseAnswers451() throws Exception {
        relay(4).close();

        var reply = await(begin().addRecipient(NextHop.local(), "bob@example.com"));

        assertEquals(Replies.SHUTTING_DOWN, reply);
        assertEquals(0, sink.connections());
    }
}
