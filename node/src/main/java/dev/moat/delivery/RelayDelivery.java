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
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code relay} delivery mode: every message goes to one next hop over SMTP before Moat
 * answers, so {@code send} completes with 250 only after the next hop said 250 to the data.
 * The next hop's own replies (RCPT, DATA, data) are passed back unchanged; a next hop that
 * refuses the connection, times out, closes mid-transaction or says 421 becomes
 * {@code 451 4.4.1 Next hop <host:port> unreachable: <reason>}. Connections are pooled as
 * {@link ConnectionPool} describes. Runs on the given event loop group (NIO, epoll, io_uring or
 * kqueue), which stays the caller's to shut down after {@link #close()}; looking up the next
 * hop's name runs on a thread of its own so that the event loop never blocks.
 */
public final class RelayDelivery implements Delivery {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final RelayOptions options;
    private final ExecutorService resolver;
    private final ConnectionPool pool;

    public RelayDelivery(RelayOptions options, EventLoopGroup group) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(group, "group");
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannelFor(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        this.resolver = Executors.newSingleThreadExecutor(new DefaultThreadFactory("moat-relay-resolver", true));
        this.pool = new ConnectionPool(options, group, bootstrap, resolver);
    }

    @Override
    public Transaction begin(Sender sender) {
        return new RelayTransaction(Objects.requireNonNull(sender, "sender"), options, pool);
    }

    @Override
    public HandOffState state() {
        return pool.state();
    }

    /** QUITs the idle connections and waits for them up to two seconds, unless on a Netty thread. */
    @Override
    public void close() {
        var quitting = pool.close();
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
