package dev.moat.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a client has to send one whole request. It sits before the HTTP codec, so it sees
 * raw bytes: the first byte of a request starts the clock, the request reaching the API
 * ({@link #completed}) stops it, and when time runs out the client gets 408 with a JSON error
 * and the connection is closed. A client that sends a byte a second therefore holds a
 * connection for the timeout at most, and never a thread: everything here runs on the event
 * loop. An idle connection between requests is the idle timeout's business, not this one's.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final Duration timeout;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (timer == null && message instanceof ByteBuf bytes && bytes.isReadable()) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, message);
    }

    /** The request this connection was sending has arrived whole; called on the event loop. */
    void completed() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        completed();
        super.channelInactive(ctx);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        AdminAnswer answer = AdminAnswer.error(408, "the request was not complete within " + timeout.toSeconds()
                + " s; send the whole request at once")
                .withHeader(HttpHeaderNames.CONNECTION.toString(), HttpHeaderValues.CLOSE.toString());
        // From the tail of the pipeline, so the response goes through the HTTP encoder (and TLS).
        ctx.channel().writeAndFlush(AdminHttpHandler.response(answer)).addListener(ChannelFutureListener.CLOSE);
    }
}
