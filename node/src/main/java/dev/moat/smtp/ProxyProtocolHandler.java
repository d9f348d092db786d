package dev.moat.smtp;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol.AddressFamily;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a connection on a PROXY-protocol listener: it sits behind Netty's
 * {@link HAProxyMessageDecoder} (v1 text and v2 binary headers) and lets the SMTP handlers in
 * only once a valid header came from a trusted proxy. A peer outside the trusted proxies is
 * closed before a byte is read; a header that is malformed, or not complete within
 * {@link #HEADER_TIMEOUT}, closes the connection before any greeting. A {@code PROXY} header
 * with an IPv4 or IPv6 source sets {@link SmtpSessionHandler#CLIENT_ADDRESS}, so every check,
 * limit, log and trace header judges the sender; the proxy's own connections ({@code LOCAL}
 * health checks, and headers without an address: v1 {@code UNKNOWN}, v2 unspecified or UNIX
 * family) run on the proxy's address and are marked {@link SmtpSessionHandler#PROXY_LOCAL},
 * counted against no one. Bytes that follow the header in the same read reach the SMTP
 * handlers: the decoder hands them on when it leaves the pipeline. Each connection counts once
 * in {@code moat.smtp.proxy}.
 */
final class ProxyProtocolHandler extends StartingHandler {
    /** How long a trusted proxy may take to send the whole header. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final NetworkAddressList trustedProxies;
    private final MoatMetrics metrics;
    private final Duration timeout;
    private final Consumer<Channel> smtp;

    private boolean waiting;
    private ScheduledFuture<?> timer;

    /** {@code smtp} adds the SMTP handlers to the pipeline once the header is in. */
    ProxyProtocolHandler(NetworkAddressList trustedProxies, MoatMetrics metrics, Duration timeout,
                         Consumer<Channel> smtp) {
        this.trustedProxies = trustedProxies;
        this.metrics = metrics;
        this.timeout = timeout;
        this.smtp = smtp;
    }

    @Override
    protected void start(ChannelHandlerContext ctx) {
        var peer = peer(ctx);
        if (peer.isEmpty() || !trustedProxies.addresses().contains(peer.get())) {
            metrics.proxyHeader("untrusted-peer");
            log.warn("PROXY listener: connection from {}, which is not a trusted proxy, closed", describe(ctx));
            ctx.close();
            return;
        }
        waiting = true;
        timer = ctx.executor().schedule(() -> timedOut(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        // Auto-read is off: nothing arrives unless asked. The decoder asks again while a header is incomplete.
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header) || !waiting) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            accept(ctx, header);
        } finally {
            header.release();
        }
    }

    private void accept(ChannelHandlerContext ctx, HAProxyMessage header) {
        var family = header.proxiedProtocol().addressFamily();
        boolean names = header.command() == HAProxyCommand.PROXY
                && (family == AddressFamily.AF_IPv4 || family == AddressFamily.AF_IPv6);
        InetSocketAddress client;
        if (names) {
            var source = IpAddress.tryParse(header.sourceAddress());
            if (source.isEmpty()) {
                fail(ctx, "malformed", "PROXY listener: header from {} names no usable source address: {}",
                        describe(ctx), printable(header.sourceAddress()));
                return;
            }
            client = new InetSocketAddress(source.get().toInetAddress(), header.sourcePort());
        } else {
            client = (InetSocketAddress) ctx.channel().remoteAddress();
            ctx.channel().attr(SmtpSessionHandler.PROXY_LOCAL).set(Boolean.TRUE);
        }
        finish();
        metrics.proxyHeader(names ? "accepted" : "local");
        if (log.isDebugEnabled()) {
            log.debug("PROXY {} header from {}: {}", header.protocolVersion(), describe(ctx), names
                    ? "client " + header.sourceAddress() + " port " + header.sourcePort() + " to "
                            + header.destinationAddress() + " port " + header.destinationPort()
                    : header.command() + " " + header.proxiedProtocol() + ", the proxy's own connection");
        }
        ctx.channel().attr(SmtpSessionHandler.CLIENT_ADDRESS).set(client);
        ctx.pipeline().remove(this);
        smtp.accept(ctx.channel());
    }

    private void timedOut(ChannelHandlerContext ctx) {
        timer = null;
        if (waiting) {
            fail(ctx, "timeout", "PROXY listener: no complete header from {} within {}", describe(ctx), timeout);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!waiting) {
            ctx.close();
            return;
        }
        if (cause instanceof IOException) {
            log.debug("PROXY listener: connection error before the header: {}", cause.toString());
            ctx.close();
            return;
        }
        var reason = cause;
        while (reason.getCause() != null) {
            reason = reason.getCause();
        }
        // The message may quote what came instead of a header: a client's own bytes when the proxy sends none.
        fail(ctx, "malformed", "PROXY listener: bad header from {}: {}", describe(ctx), printable(reason.getMessage()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (waiting) {
            finish();
            metrics.proxyHeader("malformed");
            log.info("PROXY listener: {} closed the connection before a complete header", describe(ctx));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SmtpSessionHandler.SHUTDOWN) {
            finish();
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void fail(ChannelHandlerContext ctx, String outcome, String format, Object... args) {
        finish();
        metrics.proxyHeader(outcome);
        if (outcome.equals("timeout")) {
            log.info(format, args);
        } else {
            log.warn(format, args);
        }
        ctx.close();
    }

    private void finish() {
        waiting = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String describe(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? IpAddress.of(socket.getAddress()) + " port " + socket.getPort()
                : String.valueOf(ctx.channel().remoteAddress());
    }

    /** At most 100 characters, anything but printable ASCII as '?', so a log line stays one line. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        var b = new StringBuilder(Math.min(text.length(), 100));
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 100 ? b.append("...").toString() : b.toString();
    }

    private static Optional<IpAddress> peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? Optional.of(IpAddress.of(socket.getAddress()))
                : Optional.empty();
    }
}
