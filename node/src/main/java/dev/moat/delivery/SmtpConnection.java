package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP client connection to the next hop. It opens itself (connect, 220 greeting, EHLO,
 * HELO when EHLO is refused with 5xx) and then pairs every command with its reply in order, so
 * several commands may be in flight (pipelining). Any failure breaks it for good: a refused or
 * timed-out connect, a reply not in time, the peer closing, a 421, a malformed reply. Every
 * waiting and later command then completes with the same 451 4.4.1 reply, and the channel is
 * closed. Methods may be called from any thread; the state lives on the channel's event loop.
 */
final class SmtpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);
    private static final int MAX_LINE = 4096;
    private static final byte[] DOT = ".\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF_DOT = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    private record Pending(String verb, CompletableFuture<Reply> reply, ScheduledFuture<?> timer) {
    }

    private final RelayOptions options;
    private final EventLoop loop;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final CompletableFuture<Reply> greeting = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicInteger leases = new AtomicInteger();
    private CompletableFuture<Void> ready;
    private volatile Channel channel;
    private volatile Reply failure;
    private volatile boolean timedOut;
    private volatile Set<String> extensions = Set.of();

    private SmtpConnection(RelayOptions options, EventLoop loop) {
        this.options = options;
        this.loop = loop;
    }

    /** Starts opening a connection to the address once it is resolved; see {@link #ready()}. */
    static SmtpConnection open(Bootstrap bootstrap, EventLoop loop, RelayOptions options,
            CompletionStage<InetSocketAddress> address) {
        var connection = new SmtpConnection(options, loop);
        connection.ready = connection.greeting.thenCompose(connection::hello);
        address.whenComplete((resolved, error) -> connection.inLoop(() -> {
            if (error != null) {
                connection.fail(Replies.reasonFor(error));
            } else if (connection.failure == null) {
                connection.connect(bootstrap, resolved);
            }
        }));
        return connection;
    }

    /** Completes once the connection has said EHLO (or HELO), or has broken trying. */
    CompletionStage<Void> ready() {
        return ready;
    }

    /** Completes once the connection is broken or closed: it will never be usable again. */
    CompletionStage<Void> ended() {
        return ended;
    }

    boolean isUsable() {
        var ch = channel;
        return failure == null && ch != null && ch.isActive();
    }

    boolean isBroken() {
        return failure != null;
    }

    /** The 451 4.4.1 reply that every command gets since the connection broke; null before. */
    Reply failure() {
        return failure;
    }

    /** Broken because a reply did not come in time (so trying again elsewhere is slow too). */
    boolean timedOut() {
        return timedOut;
    }

    /** Whether the next hop offers this EHLO keyword (upper case), as in PIPELINING or SIZE. */
    boolean offers(String keyword) {
        return extensions.contains(keyword);
    }

    /** Counts a hand-out from the pool; more than one means the connection is being reused. */
    void leased() {
        leases.incrementAndGet();
    }

    boolean reused() {
        return leases.get() > 1;
    }

    EventLoop loop() {
        return loop;
    }

    CompletableFuture<Reply> command(String line, Duration timeout) {
        return commands(List.of(line), timeout).get(0);
    }

    /** Writes the lines in one flush and answers with their replies, in the same order. */
    List<CompletableFuture<Reply>> commands(List<String> lines, Duration timeout) {
        var replies = lines.stream().map(line -> new CompletableFuture<Reply>()).toList();
        inLoop(() -> {
            if (failure != null) {
                replies.forEach(reply -> reply.complete(failure));
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i);
                expect(line.split(" ", 2)[0], timeout, replies.get(i));
                channel.write(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8))
                        .addListener(this::checkWritten);
            }
            channel.flush();
        });
        return replies;
    }

    /**
     * Writes the message content (after the 354) and the final dot, and answers with the reply to
     * it. Takes ownership of the content. Content that does not end with CRLF gets one, so the
     * final dot always stands on a line of its own.
     */
    CompletableFuture<Reply> data(ByteBuf content, Duration timeout) {
        var reply = new CompletableFuture<Reply>();
        int size = content.readableBytes();
        var endsLine = size == 0 || size >= 2 && content.getByte(content.writerIndex() - 2) == '\r'
                && content.getByte(content.writerIndex() - 1) == '\n';
        inLoop(() -> {
            if (failure != null) {
                content.release();
                reply.complete(failure);
                return;
            }
            expect("end of data", timeout, reply);
            channel.write(content).addListener(this::checkWritten);
            channel.writeAndFlush(Unpooled.wrappedBuffer(endsLine ? DOT : CRLF_DOT)).addListener(this::checkWritten);
        });
        return reply;
    }

    /** Says QUIT, then closes whatever the answer. */
    void quit() {
        command("QUIT", options.commandTimeout()).whenComplete((reply, error) -> close());
    }

    void close() {
        inLoop(() -> fail("connection closed by Moat"));
    }

    private void connect(Bootstrap bootstrap, InetSocketAddress address) {
        var initializer = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new ReplyDecoder(), SmtpConnection.this);
            }
        };
        ChannelFuture connecting = bootstrap.clone(loop).handler(initializer).connect(address);
        channel = connecting.channel();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                inLoop(() -> fail(Replies.reasonFor(done.cause())));
            }
        });
    }

    private CompletionStage<Void> hello(Reply greet) {
        if (failure != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (greet.code() != 220) {
            fail("greeting " + Replies.brief(greet));
            return CompletableFuture.completedFuture(null);
        }
        return command("EHLO " + options.heloName(), options.commandTimeout()).thenCompose(ehlo -> {
            if (failure == null && ehlo.code() == 250) {
                extensions = keywords(ehlo);
            } else if (failure == null && ehlo.isPermanent()) {
                return command("HELO " + options.heloName(), options.commandTimeout()).thenAccept(helo -> {
                    if (failure == null && helo.code() != 250) {
                        inLoop(() -> fail("HELO refused: " + Replies.brief(helo)));
                    }
                });
            } else if (failure == null) {
                inLoop(() -> fail("EHLO refused: " + Replies.brief(ehlo)));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private static Set<String> keywords(Reply ehlo) {
        var keywords = new HashSet<String>();
        for (var line : ehlo.text().subList(1, ehlo.text().size())) {
            var keyword = line.strip().split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (!keyword.isEmpty()) {
                keywords.add(keyword);
            }
        }
        return Set.copyOf(keywords);
    }

    private void expect(String verb, Duration timeout, CompletableFuture<Reply> reply) {
        var timer = loop.schedule(() -> {
            if (!reply.isDone()) {
                timedOut = true;
                fail("no reply to " + verb + " within " + Replies.format(timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        pending.add(new Pending(verb, reply, timer));
    }

    private void checkWritten(io.netty.util.concurrent.Future<? super Void> write) {
        if (!write.isSuccess()) {
            fail("write failed: " + Replies.reasonFor(write.cause()));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        expect("greeting", options.commandTimeout(), greeting);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        var reply = (Reply) msg;
        if (reply.code() == 421) {
            fail(Replies.brief(reply));
            return;
        }
        var next = pending.poll();
        if (next == null) {
            fail("reply without a command: " + Replies.brief(reply));
            return;
        }
        next.timer().cancel(false);
        next.reply().complete(reply);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(Replies.reasonFor(cause));
    }

    /** Breaks the connection for good; runs on the event loop. Only the first reason counts. */
    private void fail(String reason) {
        if (failure != null) {
            return;
        }
        failure = Replies.unreachable(options.hostAndPort(), reason);
        log.debug("connection to {} ends: {}", options.hostAndPort(), reason);
        for (Pending next; (next = pending.poll()) != null; ) {
            next.timer().cancel(false);
            next.reply().complete(failure);
        }
        greeting.complete(failure);
        var ch = channel;
        if (ch == null) {
            ended.complete(null);
        } else {
            ch.close().addListener(closed -> ended.complete(null));
        }
    }

    private void inLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is gone: nothing will ever answer, so answer everything here.
            if (failure == null) {
                failure = Replies.unreachable(options.hostAndPort(), "event loop shut down");
            }
            greeting.complete(failure);
            ended.complete(null);
            task.run();
        }
    }
}
