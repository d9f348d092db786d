package dev.moat.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A handler that starts its work once per connection, as soon as the connection is active:
 * at {@code channelActive} when it was there from the start, or when it is added to a live
 * pipeline (the SMTP handlers added behind a PROXY header).
 */
abstract class StartingHandler extends ChannelInboundHandlerAdapter {
    private boolean started;

    /** Called once, on the channel's event loop, when the connection is active. */
    protected abstract void start(ChannelHandlerContext ctx);

    @Override
    public final void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            startOnce(ctx);
        }
    }

    @Override
    public final void channelActive(ChannelHandlerContext ctx) {
        startOnce(ctx);
        ctx.fireChannelActive();
    }

    private void startOnce(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            start(ctx);
        }
    }
}
