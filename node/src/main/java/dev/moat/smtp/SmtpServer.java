package dev.moat.smtp;

import dev.moat.net.BindFailure;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP listeners of a node. Each accepted connection gets a strict CRLF line decoder, a
 * {@code FlowControlHandler} (so one read holding several pipelined commands still hands them
 * over one at a time) and a session handler; auto-read is off, the session asks for input. On
 * a PROXY-protocol listener the {@link ProxyProtocolHandler} comes first and adds them once
 * the header is in (before TLS on an {@code smtps} listener).
 * {@link #close(Duration)} stops accepting, lets sessions in the middle of a transaction
 * finish within the grace period, and tells idle ones 421 (a rolling update loses nothing).
 */
public final class SmtpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

    private final SmtpServices services;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends io.netty.channel.ServerChannel> channelType;
    private final ChannelGroup listeners = new DefaultChannelGroup("smtp-listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup sessions = new DefaultChannelGroup("smtp-sessions", GlobalEventExecutor.INSTANCE);
    private final Map<String, InetSocketAddress> named = new ConcurrentHashMap<>();

    public SmtpServer(SmtpServices services, EventLoopGroup boss, EventLoopGroup workers,
                      Class<? extends io.netty.channel.ServerChannel> channelType) {
        this.services = services;
        this.boss = boss;
        this.workers = workers;
        this.channelType = channelType;
    }

    /** Binds one listener; returns the address it listens on (the real port when 0 was asked). */
    public InetSocketAddress bind(SmtpListener listener) throws InterruptedException {
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        sessions.add(ch);
                        initSession(ch, listener, services);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(listener.address(), listener.port()).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // sync() rethrows the bind's own exception, a checked one among them
            throw BindFailure.of("SMTP listener " + listener.name(), listener.address(), listener.port(), e);
        }
        listeners.add(channel);
        var bound = (InetSocketAddress) channel.localAddress();
        named.put(listener.name(), bound);
        log.info("SMTP listener {} on {}{}", listener.name(), bound, listener.proxyProtocol()
                ? " (PROXY protocol, " + listener.trustedProxies().entryCount() + " trusted-proxy entries)" : "");
        return bound;
    }

    /** The handlers of one SMTP connection, from the first byte to the session. */
    static void initSession(Channel ch, SmtpListener listener, SmtpServices services) {
        if (listener.proxyProtocol()) {
            ch.pipeline().addLast("proxy-header", new HAProxyMessageDecoder());
            ch.pipeline().addLast("proxy", new ProxyProtocolHandler(listener.trustedProxies(), services.metrics(),
                    ProxyProtocolHandler.HEADER_TIMEOUT, proxied -> initSmtp(proxied, listener, services)));
        } else {
            initSmtp(ch, listener, services);
        }
    }

    private static void initSmtp(Channel ch, SmtpListener listener, SmtpServices services) {
        var decoder = new SmtpLineDecoder();
        if (listener.implicitTls()) {
            ch.pipeline().addLast("tls", services.tls().get().newHandler(ch.alloc()));
        }
        ch.pipeline().addLast("lines", decoder);
        ch.pipeline().addLast("flow", new FlowControlHandler());
        ch.pipeline().addLast("session", new SmtpSessionHandler(services, decoder, listener));
    }

    /** Where the listener of that name listens, if it is bound. */
    public Optional<InetSocketAddress> boundAddress(String listenerName) {
        return Optional.ofNullable(named.get(listenerName));
    }

    public List<InetSocketAddress> boundAddresses() {
        var out = new ArrayList<InetSocketAddress>();
        for (var ch : listeners) {
            out.add((InetSocketAddress) ch.localAddress());
        }
        return out;
    }

    public boolean listening() {
        return !listeners.isEmpty() && listeners.stream().allMatch(Channel::isActive);
    }

    public int openSessions() {
        return sessions.size();
    }

    /** Ends, with {@code 421 4.7.0}, every open session whose client address {@code matches}: it was just blocked. */
    public void endSessionsOf(java.util.function.Predicate<dev.moat.net.IpAddress> matches) {
        var blocked = new SmtpSessionHandler.Blocked(matches);
        sessions.forEach(ch -> ch.pipeline().fireUserEventTriggered(blocked));
    }

    /** Stops accepting, asks sessions to finish, and closes what is left after {@code grace}. */
    public void close(Duration grace) {
        listeners.close().awaitUninterruptibly();
        sessions.forEach(ch -> ch.pipeline().fireUserEventTriggered(SmtpSessionHandler.SHUTDOWN));
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            sessions.newCloseFuture().awaitUninterruptibly(100);
        }
        if (!sessions.isEmpty()) {
            log.warn("closing {} SMTP sessions still open after {}", sessions.size(), grace);
            sessions.close().awaitUninterruptibly();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
