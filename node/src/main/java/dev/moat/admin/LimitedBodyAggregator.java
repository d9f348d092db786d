package dev.moat.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with the API's own 413: a JSON error like every other. As in Netty, the
 * connection stays open (and the rest of the body is skipped) when the client announced the
 * size and wants to keep the connection; it is closed when part of the body was already read.
 */
final class LimitedBodyAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    LimitedBodyAggregator(int maxBytes) {
        super(maxBytes);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        boolean close = oversized instanceof FullHttpMessage
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        AdminAnswer answer = AdminAnswer.error(413, "the body is larger than " + maxBytes + " bytes");
        if (close) {
            answer = answer.withHeader(HttpHeaderNames.CONNECTION.toString(), HttpHeaderValues.CLOSE.toString());
        }
        ctx.writeAndFlush(AdminHttpHandler.response(answer)).addListener(close
                ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
