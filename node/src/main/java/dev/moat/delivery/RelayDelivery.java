package dev.moat.delivery;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import dev.moat.settings.HostAndPort;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code relay} delivery mode: every message goes over SMTP to the next hop its
 * recipients' routes name (one server per transaction; see {@link RelayTransaction}) before
 * Moat answers, so {@code send} completes with 250 only after that next hop said 250 to the
 * data. The next hop's own replies (RCPT, DATA, data) are passed back unchanged; a next hop
 * that refuses the connection, times out, closes mid-transaction or says 421 becomes
 * {@code 451 4.4.1 Next hop <host:port> unreachable: <reason>}. Connections are pooled as
 * {@link ConnectionPool} describes, one pool of {@code maxConnections} per next hop, made at
 * its first use. Runs on the given event loop group (NIO, epoll, io_uring or kqueue), which
 * stays the caller's to shut down after {@link #close()}; looking up next hops' names runs on a
 * thread of its own so that the event loop never blocks.
 */
public final class RelayDelivery implements Delivery {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final RelayOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ExecutorService resolver;
    private final Map<HostAndPort, ConnectionPool> pools = new ConcurrentHashMap<>();
    private boolean closed;

    public RelayDelivery(RelayOptions options, EventLoopGroup group) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(group, "group");
        var bootstrap = clientBootstrap(group, options.connectTimeout());
        this.group = group;
        this.bootstrap = bootstrap;
        this.resolver = Executors.newSingleThreadExecutor(new DefaultThreadFactory("moat-relay-resolver", true));
        pool(options.target());
    }

    @Override
    public Transaction begin(Sender sender) {
        return new RelayTransaction(Objects.requireNonNull(sender, "sender"), options, this::pool);
    }

    /** The pool of connections to one next hop, made at its first use; a closed one once this delivery is closed. */
    private ConnectionPool pool(HostAndPort server) {
        var pool = pools.get(server);
        return pool != null ? pool : newPool(server);
    }

    private synchronized ConnectionPool newPool(HostAndPort server) {
        return pools.computeIfAbsent(server, s -> {
            var pool = new ConnectionPool(options.toward(s), group, bootstrap, resolver);
            if (closed) {
                pool.close();
            }
            return pool;
        });
    }

    /** The pools of every next hop, added up. */
    @Override
    public HandOffState state() {
        int inUse = 0;
        int idle = 0;
        int waiting = 0;
        for (ConnectionPool pool : pools.values()) {
            HandOffState one = pool.state();
            inUse += one.inUse();
            idle += one.idle();
            waiting += one.waiting();
        }
        return new HandOffState(inUse, idle, waiting, 0, 0);
    }

    /** QUITs the idle connections and waits for them up to two seconds, unless on a Netty thread. */
    @Override
    public void close() {
        CompletableFuture<?>[] closing;
        synchronized (this) {
            closed = true;
            closing = pools.values().stream().map(ConnectionPool::close).toArray(CompletableFuture[]::new);
        }
        var quitting = CompletableFuture.allOf(closing);
        resolver.shutdown();
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            return;
        }
        try {
            quitting.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            // Best effort: the channels close with the event loop group anyway.
        }
    }

    /** The client side of every outgoing SMTP connection (hand-off and callout) on {@code group}. */
    static Bootstrap clientBootstrap(EventLoopGroup group, Duration connectTimeout) {
        return new Bootstrap()
                .group(group)
                .channel(socketChannelFor(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    private static Class<? extends SocketChannel> socketChannelFor(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io) {
            if (io.isIoType(NioIoHandler.class)) {
                return NioSocketChannel.class;
            }
            if (io.isIoType(EpollIoHandler.class)) {
                return EpollSocketChannel.class;
            }
            if (io.isIoType(IoUringIoHandler.class)) {
                return IoUringSocketChannel.class;
            }
            if (io.isIoType(KQueueIoHandler.class)) {
                return KQueueSocketChannel.class;
            }
        }
        throw new IllegalArgumentException("no socket channel for event loop group " + group.getClass().getName());
    }
}
