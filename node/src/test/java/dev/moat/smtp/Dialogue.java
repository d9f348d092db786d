package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.flow.FlowControlHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A conversation with one SMTP session over Netty's {@code EmbeddedChannel}, read like a
 * dialogue: {@code send("EHLO x")}, then {@code expect("250 ")} for the next reply. Replies
 * are taken whole (multi-line replies as one), in order; nothing may be left unread.
 */
final class Dialogue implements AutoCloseable {
    final EmbeddedChannel channel;
    private final Deque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();

    Dialogue(SmtpServices services, SmtpListener listener, String clientAddress) {
        channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.attr(SmtpSessionHandler.CLIENT_ADDRESS).set(new InetSocketAddress(clientAddress, 40000));
        var decoder = new SmtpLineDecoder();
        channel.pipeline().addLast("lines", decoder);
        channel.pipeline().addLast("flow", new FlowControlHandler());
        channel.pipeline().addLast("session", new SmtpSessionHandler(services, decoder, listener));
        channel.runPendingTasks();
    }

    private Dialogue(EmbeddedChannel channel) {
        this.channel = channel;
    }

    /**
     * A connection from {@code peer} to {@code listener} through the handlers {@link SmtpServer}
     * gives it, the PROXY-protocol handler first when the listener has one.
     */
    static Dialogue from(String peer, SmtpServices services, SmtpListener listener) {
        var channel = new PeerChannel(new InetSocketAddress(peer, 50000));
        channel.config().setAutoRead(false);
        SmtpServer.initSession(channel, listener, services);
        channel.runPendingTasks();
        return new Dialogue(channel);
    }

    /** Sends bytes exactly as given (binary PROXY headers). */
    Dialogue bytes(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
        return this;
    }

    /** Sends one command line with its CRLF. */
    Dialogue send(String line) {
        return raw(line + "\r\n");
    }

    /** Sends bytes exactly as given (for bare LF, split lines, pipelining). */
    Dialogue raw(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        return this;
    }

    /** The next whole reply (all its lines joined with newlines). */
    String reply() {
        settle();
        collect();
        if (lines.isEmpty()) {
            fail("no reply pending");
        }
        var out = new ArrayList<String>();
        while (true) {
            var line = lines.poll();
            if (line == null) {
                fail("incomplete multi-line reply: " + out);
            }
            out.add(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return String.join("\n", out);
            }
        }
    }

    /**
     * The next whole reply, waiting up to {@code limit} for one that a check answering from
     * another thread (a DNS lookup) hands to the channel's loop: the loop's tasks are run as
     * they arrive.
     */
    String awaitReply(java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            settle();
            collect();
            if (!lines.isEmpty() && lines.stream().anyMatch(l -> l.length() < 4 || l.charAt(3) == ' ')) {
                return reply();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        return reply();
    }

    /** Asserts that the next reply starts with {@code prefix}; returns it. */
    String expect(String prefix) {
        var reply = reply();
        assertTrue(reply.startsWith(prefix), () -> "expected a reply starting with '" + prefix + "' but got '" + reply + "'");
        return reply;
    }

    /** No reply is waiting. */
    void expectNothing() {
        settle();
        collect();
        assertEquals(List.of(), List.copyOf(lines), "unexpected replies");
    }

    boolean isOpen() {
        settle();
        return channel.isOpen();
    }

    void settle() {
        for (int i = 0; i < 5; i++) {
            channel.runPendingTasks();
            channel.runScheduledPendingTasks();
        }
    }

    private void collect() {
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            partial.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        int end;
        while ((end = partial.indexOf("\r\n")) >= 0) {
            lines.add(partial.substring(0, end));
            partial.delete(0, end + 2);
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
