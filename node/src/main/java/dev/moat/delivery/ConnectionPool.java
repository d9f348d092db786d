package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The next hop's connections. At most {@code maxConnections} are open at a time, idle, busy
 * and opening together. {@link #acquire()} hands out the most recently used idle connection
 * that is still open (closed ones are dropped), else opens one; when all are busy it keeps at
 * most {@code maxConnections} waiters, each for at most the command timeout, and answers any
 * more at once with 451 4.4.1. A connection given back clean goes to the longest waiter or to
 * the idle list, where it is closed with QUIT after the idle timeout; a broken one is closed.
 */
final class ConnectionPool {

    /** One stay on the idle list; compared by identity so a stale timer removes nothing else. */
    private static final class Idle {
        final SmtpConnection connection;
        ScheduledFuture<?> expiry;

        Idle(SmtpConnection connection) {
            this.connection = connection;
        }
    }

    private final RelayOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Executor resolver;
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Lease>> waiters = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ConnectionPool(RelayOptions options, EventLoopGroup group, Bootstrap bootstrap, Executor resolver) {
        this.options = options;
        this.group = group;
        this.bootstrap = bootstrap;
        this.resolver = resolver;
    }

    CompletionStage<Lease> acquire() {
        for (;;) {
            SmtpConnection connection;
            synchronized (this) {
                if (closed) {
                    return CompletableFuture.completedFuture(Lease.refused(Replies.SHUTTING_DOWN));
                }
                var entry = idle.pollFirst();
                if (entry == null) {
                    break;
                }
                entry.expiry.cancel(false);
                connection = entry.connection;
            }
            if (connection.isUsable()) {
                connection.leased();
                return CompletableFuture.completedFuture(Lease.of(connection));
            }
            connection.close();
        }
        var waiter = new CompletableFuture<Lease>();
        synchronized (this) {
            if (open < options.maxConnections()) {
                open++;
                return openConnection();
            }
            if (waiters.size() >= options.maxConnections()) {
                return CompletableFuture.completedFuture(Lease.refused(busy()));
            }
            waiters.add(waiter);
        }
        group.next().schedule(() -> giveUp(waiter), options.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return waiter;
    }

    /** Connections in use (busy or opening) and idle, and the waiters, for the meters. */
    synchronized HandOffState state() {
        return new HandOffState(open - idle.size(), idle.size(), waiters.size(), 0, 0);
    }

    /** Takes back a connection whose transaction ended cleanly (250 to the data, or RSET done). */
    void release(SmtpConnection connection) {
        if (!connection.isUsable()) {
            connection.close();
            return;
        }
        CompletableFuture<Lease> waiter;
        synchronized (this) {
            waiter = closed ? null : waiters.poll();
            if (!closed && waiter == null) {
                var entry = new Idle(connection);
                entry.expiry = connection.loop().schedule(() -> expire(entry),
                        options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
                idle.addFirst(entry);
                return;
            }
        }
        if (waiter == null) {
            connection.quit();
        } else {
            connection.leased();
            waiter.complete(Lease.of(connection));
        }
    }

    /** Takes back a connection that may hold a started transaction: RSET first, close if that fails. */
    void reset(SmtpConnection connection) {
        connection.command("RSET", options.commandTimeout()).thenAccept(reply -> {
            if (reply.code() == 250) {
                release(connection);
            } else {
                connection.close();
            }
        });
    }

    /** Refuses all waiters and QUITs the idle connections; completes once those are closed. */
    CompletableFuture<Void> close() {
        ArrayList<Idle> quitting;
        ArrayList<CompletableFuture<Lease>> refused;
        synchronized (this) {
            closed = true;
            quitting = new ArrayList<>(idle);
            idle.clear();
            refused = new ArrayList<>(waiters);
            waiters.clear();
        }
        refused.forEach(waiter -> waiter.complete(Lease.refused(Replies.SHUTTING_DOWN)));
        var ended = new ArrayList<CompletableFuture<Void>>();
        for (var entry : quitting) {
            entry.expiry.cancel(false);
            entry.connection.quit();
            ended.add(entry.connection.ended().toCompletableFuture());
        }
        return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Lease> openConnection() {
        CompletableFuture<InetSocketAddress> address;
        try {
            address = CompletableFuture.supplyAsync(this::resolve, resolver);
        } catch (RejectedExecutionException e) {
            address = CompletableFuture.failedFuture(new IllegalStateException("delivery closed"));
        }
        var connection = SmtpConnection.open(bootstrap, group.next(), options, address);
        connection.ended().thenRun(() -> forget(connection));
        return connection.ready().thenApply(ready -> {
            connection.leased();
            return Lease.of(connection);
        }).toCompletableFuture();
    }

    private InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        } catch (UnknownHostException e) {
            throw new CompletionException(e);
        }
    }

    /** A connection has ended: its place may go to a waiter, on a new connection. */
    private void forget(SmtpConnection connection) {
        CompletableFuture<Lease> waiter;
        synchronized (this) {
            open--;
            idle.removeIf(entry -> entry.connection == connection);
            waiter = closed ? null : waiters.poll();
            if (waiter != null) {
                open++;
            }
        }
        if (waiter != null) {
            openConnection().thenAccept(waiter::complete);
        }
    }

    private void expire(Idle entry) {
        boolean removed;
        synchronized (this) {
            removed = idle.remove(entry);
        }
        if (removed) {
            entry.connection.quit();
        }
    }

    private void giveUp(CompletableFuture<Lease> waiter) {
        boolean removed;
        synchronized (this) {
            removed = waiters.remove(waiter);
        }
        if (removed) {
            waiter.complete(Lease.refused(busy()));
        }
    }

    private Reply busy() {
        return Replies.unreachable(options.hostAndPort(), "all " + options.maxConnections() + " connections busy");
    }
}
