package dev.moat.delivery;

import dev.moat.mail.Reply;
import dev.moat.settings.HostAndPort;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message relayed to one next hop: the server of its first recipient, or of a later one
 * while none was accepted (the transaction then starts over there); a recipient for another
 * server once one was accepted answers 452 4.5.3. Lazy: the first recipient takes a pooled
 * connection to its server and sends MAIL FROM with it (one flush when the next hop offers
 * PIPELINING). A refused MAIL FROM,
 * or a next hop that fails, ends the transaction: that reply answers every later recipient and
 * the data. Calls are carried out one after another in the order they were made. The
 * connection goes back to the pool after a 250 to the data, after RSET otherwise, and is closed
 * when broken; a reused connection found broken before MAIL FROM got through is swapped for
 * another, since nothing of the message was handed over yet.
 */
final class RelayTransaction implements Transaction {

    private static final Logger log = LoggerFactory.getLogger(RelayTransaction.class);

    private final Sender sender;
    private final RelayOptions options;
    private final Function<HostAndPort, ConnectionPool> pools;
    private boolean open = true;
    private CompletableFuture<Reply> tail = CompletableFuture.completedFuture(null);
    // The fields below are used only by the step at the head of the queue, one step at a time.
    private HostAndPort target;
    private ConnectionPool pool;
    private SmtpConnection connection;
    private Reply failure;
    private int accepted;

    RelayTransaction(Sender sender, RelayOptions options, Function<HostAndPort, ConnectionPool> pools) {
        this.sender = sender;
        this.options = options;
        this.pools = pools;
    }

    @Override
    public synchronized CompletionStage<Reply> addRecipient(NextHop hop, String forwardPath) {
        var refusal = Replies.refusedRecipient(forwardPath, open);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        var server = hop.address().orElse(options.target());
        return queue(() -> recipient(server, "RCPT TO:<" + forwardPath + ">"));
    }

    @Override
    public synchronized CompletionStage<Reply> send(ByteBuf message) {
        if (!open) {
            message.release();
            return CompletableFuture.completedFuture(Replies.BAD_SEQUENCE);
        }
        open = false;
        return queue(() -> data(message));
    }

    @Override
    public synchronized void abort() {
        if (open) {
            open = false;
            queue(this::reset);
        }
    }

    /** Runs the step after the ones before it; a step that throws is a bug, answered with 451. */
    private CompletableFuture<Reply> queue(Supplier<CompletionStage<Reply>> step) {
        tail = tail.thenCompose(previous -> step.get()).exceptionally(error -> {
            log.error("relay transaction step failed", error);
            if (connection != null) {
                connection.close();
                connection = null;
            }
            failure = Replies.INTERNAL_ERROR;
            return Replies.INTERNAL_ERROR;
        });
        return tail;
    }

    private CompletionStage<Reply> recipient(HostAndPort server, String rcpt) {
        if (!server.equals(target)) {
            if (accepted > 0) {
                return CompletableFuture.completedFuture(Replies.OTHER_NEXT_HOP);
            }
            moveTo(server);
        }
        if (failure != null) {
            return CompletableFuture.completedFuture(failure);
        }
        if (connection == null) {
            return start(rcpt, 0);
        }
        return connection.command(rcpt, options.commandTimeout()).thenApply(this::counted);
    }

    /** No recipient was accepted yet: the transaction goes to {@code server} instead, from the start. */
    private void moveTo(HostAndPort server) {
        if (connection != null) {
            pool.reset(connection);
            connection = null;
        }
        failure = null;
        target = server;
        pool = pools.apply(server);
    }

    private CompletionStage<Reply> start(String rcpt, int retries) {
        return pool.acquire().thenCompose(lease -> {
            if (!lease.granted()) {
                failure = lease.refusal();
                return CompletableFuture.completedFuture(failure);
            }
            var c = lease.connection();
            connection = c;
            CompletableFuture<Reply> mail;
            CompletableFuture<Reply> recipient;
            if (c.offers("PIPELINING")) {
                var replies = c.commands(List.of(mailFrom(c), rcpt), options.commandTimeout());
                mail = replies.get(0);
                recipient = replies.get(1);
            } else {
                mail = c.command(mailFrom(c), options.commandTimeout());
                recipient = mail.thenCompose(m -> m.code() == 250 ? c.command(rcpt, options.commandTimeout())
                        : CompletableFuture.completedFuture(m));
            }
            return mail.thenCompose(m -> {
                if (c.isBroken() && c.reused() && !c.timedOut() && retries < options.maxConnections()) {
                    connection = null;
                    return start(rcpt, retries + 1);
                }
                if (m.code() != 250) {
                    connection = null;
                    failure = c.isBroken() ? c.failure() : m;
                    recipient.thenRun(() -> pool.reset(c));
                    return CompletableFuture.completedFuture(failure);
                }
                return recipient.thenApply(this::counted);
            });
        });
    }

    private String mailFrom(SmtpConnection c) {
        var command = new StringBuilder("MAIL FROM:<").append(sender.reversePath()).append('>');
        if (sender.declaredSize() >= 0 && c.offers("SIZE")) {
            command.append(" SIZE=").append(sender.declaredSize());
        }
        if (sender.eightBitMime() && c.offers("8BITMIME")) {
            command.append(" BODY=8BITMIME");
        }
        return command.toString();
    }

    private Reply counted(Reply reply) {
        if (reply.code() / 100 == 2) {
            accepted++;
        }
        if (connection.isBroken()) {
            failure = connection.failure();
            connection = null;
        }
        return reply;
    }

    private CompletionStage<Reply> data(ByteBuf message) {
        if (accepted == 0 || failure != null) {
            message.release();
            reset();
            return CompletableFuture.completedFuture(accepted == 0 ? Replies.NO_VALID_RECIPIENTS : failure);
        }
        var c = connection;
        connection = null;
        return c.command("DATA", options.commandTimeout()).thenCompose(go -> {
            if (go.code() != 354) {
                message.release();
                giveBack(c, false);
                return CompletableFuture.completedFuture(go);
            }
            return c.data(message, options.dataTimeout()).thenApply(done -> {
                giveBack(c, done.code() == 250);
                return done;
            });
        });
    }

    private CompletionStage<Reply> reset() {
        if (connection != null) {
            pool.reset(connection);
            connection = null;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Never lets pool trouble turn the next hop's reply, maybe a 250, into something else. */
    private void giveBack(SmtpConnection c, boolean clean) {
        try {
            if (clean) {
                pool.release(c);
            } else {
                pool.reset(c);
            }
        } catch (RuntimeException e) {
            log.warn("could not return a connection to the pool", e);
            c.close();
        }
    }
}
