package dev.moat.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each aggregated request into an {@link AdminRequest}, has {@link AdminApi} answer it on
 * the given executor (the backend blocks on the cluster, which the event loop must not), and
 * writes the answer with its {@code Content-Length}, so {@code HttpServerKeepAliveHandler} can
 * keep the connection for the next request. Answers leave in request order, and the connection
 * stops reading while any is pending, so a pipelining client cannot queue unbounded work. A
 * request the codec could not decode gets a 4xx naming the problem (414 for a long request
 * line, 431 for large headers, else 400) and the connection is closed; a target that
 * {@link RequestPath} refuses gets 400 before any route sees it; a connection idle too long is
 * closed. One instance per connection.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final AdminApi api;
    private final Executor executor;
    // Both touched on the event loop only.
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
    private int pending;

    AdminHttpHandler(AdminApi api, Executor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.completed();
        }
        Supplier<AdminAnswer> work;
        if (request.decoderResult().isFailure()) {
            AdminAnswer malformed = malformed(request.decoderResult().cause())
                    .withHeader(HttpHeaderNames.CONNECTION.toString(), HttpHeaderValues.CLOSE.toString());
            work = () -> malformed;
        } else {
            RequestPath target = RequestPath.parse(request.uri());
            if (target.ok()) {
                AdminRequest adminRequest = adminRequest(ctx, request, target);
                work = () -> api.handle(adminRequest);
            } else {
                AdminAnswer refused = AdminAnswer.error(400, target.problem());
                work = () -> refused;
            }
        }
        pending++;
        ctx.channel().config().setAutoRead(false);
        previous = previous
                .thenApplyAsync(ignored -> work.get(), executor)
                .exceptionally(failure -> AdminAnswer.error(500, "internal error"))
                // Always written from the event loop's queue: a stage that was already complete
                // would otherwise write inline, ahead of an earlier answer still queued there.
                .thenAcceptAsync(answer -> ctx.writeAndFlush(response(answer)).addListener(written -> {
                    if (--pending == 0) {
                        ctx.channel().config().setAutoRead(true);
                    }
                }), ctx.executor());
    }

    /** The answer to a request the codec could not read, naming what was wrong but never echoing it. */
    private static AdminAnswer malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return AdminAnswer.error(414, "the request line is longer than " + AdminServer.MAX_INITIAL_LINE_BYTES + " bytes");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return AdminAnswer.error(431, "the request headers are larger than " + AdminServer.MAX_HEADER_BYTES + " bytes");
        }
        return AdminAnswer.error(400, "malformed HTTP request (" + cause.getClass().getSimpleName() + ")");
    }

    private static AdminRequest adminRequest(ChannelHandlerContext ctx, FullHttpRequest request, RequestPath target) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
        return new AdminRequest(
                request.method().name(),
                target.path(),
                headers,
                ByteBufUtil.getBytes(request.content()),
                host(ctx.channel().remoteAddress()),
                target.query());
    }

    static FullHttpResponse response(AdminAnswer answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        answer.headers().forEach(response.headers()::set);
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Closing admin connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
