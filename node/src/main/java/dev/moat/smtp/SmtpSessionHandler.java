package dev.moat.smtp;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.Classification;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one {@link SmtpSession} over a Netty channel whose auto-read is off: it asks for the
 * next line only when the session is ready for it, so pipelined commands wait in the
 * {@code FlowControlHandler} while a check is pending. It writes replies, enforces the input
 * timeouts, switches to TLS on STARTTLS (dropping anything pipelined behind it), and admits
 * the connection through the {@link ConnectionLimiter}, freeing its slot exactly once as the
 * session ends (before its last reply goes out) or when Moat drops it. For an address on
 * {@code smtp.lenient-line-endings} it tells the decoder to read a bare LF as CRLF. Every command and reply is logged at
 * DEBUG on the logger {@code moat.smtp.protocol}, never message text or credentials; sessions
 * from an address on the Debug list are logged the same way at INFO on {@code moat.smtp.debug},
 * which is on by default.
 */
public final class SmtpSessionHandler extends StartingHandler {
    /** Set by a PROXY-protocol handler before this one starts: the sender's real address. */
    public static final AttributeKey<InetSocketAddress> CLIENT_ADDRESS = AttributeKey.valueOf("moat.client");

    /**
     * Set with {@link #CLIENT_ADDRESS} for a PROXY-protocol proxy's own connection (a health
     * check): the session runs on the proxy's address but is counted against no one: it takes
     * no per-address connection slot and reports no session events.
     */
    public static final AttributeKey<Boolean> PROXY_LOCAL = AttributeKey.valueOf("moat.proxy-local");

    /**
     * Fired by the server when addresses were just temporarily blocked: a session whose client
     * {@code matches} ends at once with {@code 421 4.7.0}, whatever it was doing.
     */
    public record Blocked(java.util.function.Predicate<IpAddress> matches) {
    }

    /** Fired by the server at shutdown: idle sessions get 421, busy ones finish first. */
    public static final Object SHUTDOWN = new Object();

    /** The check named by the records of connections refused at {@code smtp.max-connections}(-per-address). */
    static final String CONNECTION_LIMIT = "connection-limit";

    private static final Logger log = LoggerFactory.getLogger(SmtpSessionHandler.class);
    private static final Logger protocol = LoggerFactory.getLogger("moat.smtp.protocol");
    private static final Logger debugged = LoggerFactory.getLogger("moat.smtp.debug");

    private final SmtpServices services;
    private final SmtpLineDecoder decoder;
    private final SmtpListener listener;

    private SmtpSession session;
    private boolean debugList;
    private IpAddress client;
    private boolean admitted;
    private boolean proxyLocal;
    private long discardThrough = -1;
    private boolean startTlsPending;
    private boolean shuttingDown;
    private boolean awaitingInput;
    private long awaitingSince;
    private long openedAt;
    private ScheduledFuture<?> timer;

    public SmtpSessionHandler(SmtpServices services, SmtpLineDecoder decoder, SmtpListener listener) {
        this.services = services;
        this.decoder = decoder;
        this.listener = listener;
    }

    @Override
    protected void start(ChannelHandlerContext ctx) {
        openedAt = System.nanoTime();
        var remote = ctx.channel().attr(CLIENT_ADDRESS).get();
        var hop = remote == null ? null : ctx.channel().remoteAddress();
        if (remote == null) {
            remote = (InetSocketAddress) ctx.channel().remoteAddress();
        }
        client = IpAddress.of(remote.getAddress());
        proxyLocal = Boolean.TRUE.equals(ctx.channel().attr(PROXY_LOCAL).get());
        var snapshot = services.snapshot().get();
        var smtp = snapshot.settings().server().smtp();
        var admission = proxyLocal
                ? services.limiter().tryAcquireTotalOnly(smtp.maxConnections())
                : services.limiter().tryAcquire(client, smtp.maxConnections(), smtp.maxConnectionsPerAddress());
        if (admission != ConnectionLimiter.Admission.ADMITTED) {
            services.metrics().connection(admission == ConnectionLimiter.Admission.TOO_MANY_TOTAL
                    ? "too-many-total" : "too-many-from-address");
            boolean total = admission == ConnectionLimiter.Admission.TOO_MANY_TOTAL;
            var text = total ? "Too many connections, try again later"
                    : "Too many connections from your address, try again later";
            String reference = services.references().next();
            var reply = Reply.of(421, "4.7.0", smtp.hostName() + " " + text);
            String why = total ? "smtp.max-connections (" + smtp.maxConnections() + ") open on this node"
                    : "smtp.max-connections-per-address (" + smtp.maxConnectionsPerAddress() + ") open from " + client;
            snapshot.checks().refusedBeforeSession(reference, client, Verdict.disconnect(CONNECTION_LIMIT, reply, why,
                    new Match.Other(CONNECTION_LIMIT, total ? "total" : "per-address", why)));
            write(ctx, reply.withSuffix(" (ref " + reference + ")"));
            ctx.flush();
            ctx.close();
            return;
        }
        admitted = true;
        services.metrics().connection("accepted");
        // A balancer's own connection (PROXY LOCAL or UNKNOWN) is judged on the balancer's
        // address; whatever lists hold that address, it must never make mail a Client's.
        CompletionStage<Classification> status = proxyLocal
                ? CompletableFuture.completedFuture(Classification.balancer())
                : snapshot.classifier().classify(client, snapshot.settings(), smtp.timeouts().addressStatus(),
                        ctx.executor());
        var peer = remote;
        var future = status.toCompletableFuture();
        if (future.isDone() && ctx.executor().inEventLoop()) {
            begin(ctx, snapshot, future.join(), peer, hop);
        } else {
            // Nothing is read meanwhile: auto-read is off, and the first read is asked for after the greeting.
            status.whenCompleteAsync((classification, failure) -> {
                if (ctx.channel().isActive()) {
                    begin(ctx, snapshot, classification, peer, hop);
                }
            }, ctx.executor());
        }
    }

    /** The client's status is known: the session starts and its connect checks run. */
    private void begin(ChannelHandlerContext ctx, SessionSnapshot snapshot, Classification classification,
            InetSocketAddress remote, SocketAddress hop) {
        session = new SmtpSession(services, snapshot, listener, client, classification, services.references().next(), ctx.alloc(),
                !proxyLocal);
        debugList = classification.debug();
        if (!proxyLocal && snapshot.settings().server().smtp().lenientLineEndings().addresses().contains(client)) {
            decoder.readBareLineFeeds(new LenientLineEndings(services.metrics(), client, session.sessionReference()));
        }
        if (tracing()) {
            trace("{} connect from {} port {}{}: {}, {}", session.sessionReference(), client, remote.getPort(),
                    hop == null ? "" : proxyLocal ? " (the proxy's own connection)" : " via proxy " + hop,
                    classification.line(client), classification.reason().describe());
        }
        respond(ctx, session.open());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof SmtpLine line) || session == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        awaitingInput = false;
        if (line.sequence() <= discardThrough) {
            line.release();
            ctx.read();
            awaitingInput = true;
            return;
        }
        if (tracing()) {
            logLine(line);
        }
        respond(ctx, session.onLine(line));
    }

    /**
     * A read that brought no whole line (a partial line, or lines still queued elsewhere)
     * ends here: while the session still waits for input, ask again.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaitingInput && ctx.channel().isActive()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    private void respond(ChannelHandlerContext ctx, CompletionStage<SmtpResponse> stage) {
        var future = stage.toCompletableFuture();
        if (future.isDone() && ctx.executor().inEventLoop()) {
            apply(ctx, future.join());
            return;
        }
        stage.whenCompleteAsync((response, failure) -> {
            if (failure != null) {
                log.error("session {} failed", session.sessionReference(), failure);
                response = new SmtpResponse(List.of(
                        Reply.of(421, "4.3.0", session.limits().hostName() + " Internal error, closing connection")),
                        SmtpResponse.Next.CLOSE);
            }
            apply(ctx, response);
        }, ctx.executor());
    }

    private void apply(ChannelHandlerContext ctx, SmtpResponse response) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (response.next() == SmtpResponse.Next.CLOSE) {
            end(ctx, response.replies());
            return;
        }
        for (var reply : response.replies()) {
            write(ctx, reply);
        }
        if (response.next() == SmtpResponse.Next.START_TLS) {
            startTls(ctx);
            return;
        }
        if (!response.replies().isEmpty()) {
            ctx.flush();
        }
        awaitInput(ctx);
    }

    private void startTls(ChannelHandlerContext ctx) {
        // Whatever the client sent behind STARTTLS was sent in the clear: never act on it (CVE-2011-0411).
        discardThrough = decoder.lastSequence();
        int dropped = decoder.discardBuffered();
        if (dropped > 0 || discardThrough > 0) {
            log.debug("session {}: discarding input pipelined behind STARTTLS", session.sessionReference());
        }
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess()) {
                closeNow(ctx);
                return;
            }
            startTlsPending = true;
            SslHandler tls = services.tls().get().newHandler(ctx.alloc());
            ctx.pipeline().addFirst("tls", tls);
            ctx.read();
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SHUTDOWN) {
            shuttingDown = true;
            closeIfIdle(ctx);
            return;
        }
        if (evt instanceof Blocked blocked) {
            if (session != null && !proxyLocal && ctx.channel().isActive() && blocked.matches().test(client)) {
                session.blocked().ifPresent(reply -> {
                    services.metrics().blockingSessionEnded();
                    end(ctx, List.of(reply));
                });
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done) {
            var tls = done.isSuccess() ? ctx.pipeline().get(SslHandler.class) : null;
            services.metrics().tlsHandshake(tls == null ? null : tls.engine().getSession().getProtocol(), done.isSuccess());
        }
        if (evt instanceof SslHandshakeCompletionEvent done && session != null) {
            if (done.isSuccess()) {
                if (startTlsPending) {
                    startTlsPending = false;
                    session.tlsStarted();
                    awaitInput(ctx);
                }
            } else {
                log.debug("session {}: TLS handshake failed: {}", session.sessionReference(), done.cause().toString());
                closeNow(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** At shutdown, a session waiting for a command outside a transaction can go now. */
    private void closeIfIdle(ChannelHandlerContext ctx) {
        if (session == null || awaitingInput && session.idle()) {
            end(ctx, session == null ? List.of() : List.of(session.shuttingDown()));
        }
    }

    private void awaitInput(ChannelHandlerContext ctx) {
        if (shuttingDown && session.idle()) {
            awaitingInput = true;
            closeIfIdle(ctx);
            return;
        }
        awaitingInput = true;
        awaitingSince = now(ctx);
        if (timer == null) {
            scheduleTimeout(ctx, session.inputTimeout().toNanos());
        }
        ctx.read();
    }

    private void scheduleTimeout(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> onTimer(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onTimer(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive() || session == null) {
            return;
        }
        long limit = session.inputTimeout().toNanos();
        if (!awaitingInput) {
            scheduleTimeout(ctx, limit);
            return;
        }
        long waited = now(ctx) - awaitingSince;
        if (waited < limit) {
            scheduleTimeout(ctx, limit - waited);
            return;
        }
        end(ctx, List.of(session.timedOut()));
    }

    /**
     * The session is over: its connection slot is freed now, as its last reply (221, 421)
     * goes out, so a client that reconnects the moment it reads that reply finds the slot free;
     * then the connection is closed once the reply is written.
     */
    private void end(ChannelHandlerContext ctx, List<Reply> last) {
        releaseSlot();
        for (var reply : last) {
            write(ctx, reply);
        }
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Moat drops the connection (a failed handshake, an error): the slot is freed at once. */
    private void closeNow(ChannelHandlerContext ctx) {
        releaseSlot();
        ctx.close();
    }

    /** Frees this connection's slot once: at the end of the session, or when the connection is gone. Event loop only. */
    private void releaseSlot() {
        if (!admitted) {
            return;
        }
        admitted = false;
        if (proxyLocal) {
            services.limiter().releaseTotalOnly();
        } else {
            services.limiter().release(client);
        }
    }

    /** The event loop's clock, which tests can move forward. */
    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor() instanceof io.netty.util.concurrent.AbstractScheduledEventExecutor loop
                ? loop.ticker().nanoTime() : System.nanoTime();
    }

    private void write(ChannelHandlerContext ctx, Reply reply) {
        services.metrics().reply(reply.code());
        var text = new StringBuilder(64);
        for (var line : reply.lines()) {
            text.append(line).append("\r\n");
        }
        if (tracing()) {
            trace("{} > {}", session == null ? "-" : session.sessionReference(), text.toString().stripTrailing());
        }
        ByteBuf out = ctx.alloc().buffer(text.length());
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        ctx.write(out, ctx.voidPromise());
    }

    private void logLine(SmtpLine line) {
        var text = line.text();
        var upper = text.length() >= 4 ? text.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : text;
        if (session.receivingData() || session.awaitingCredentials() || upper.equals("AUTH") && text.length() > 10) {
            text = text.substring(0, Math.min(10, text.length())) + " ***";
        }
        trace("{} < {}", session.sessionReference(), text);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (session != null) {
            session.close();
            services.metrics().sessionEnded(session.endReason());
            services.metrics().sessionDuration(System.nanoTime() - openedAt);
            if (tracing()) {
                trace("{} disconnect ({})", session.sessionReference(), session.endReason());
            }
        }
        releaseSlot();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            log.debug("connection error: {}", cause.toString());
        } else {
            log.warn("session {} failed", session == null ? "-" : session.sessionReference(), cause);
        }
        closeNow(ctx);
    }

    /** Whether this session's commands and replies are logged: Debug-list sessions, or all at DEBUG. */
    private boolean tracing() {
        return debugList ? debugged.isInfoEnabled() : protocol.isDebugEnabled();
    }

    private void trace(String format, Object... arguments) {
        if (debugList) {
            debugged.info(format, arguments);
        } else {
            protocol.debug(format, arguments);
        }
    }
}
