package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code spool} delivery mode: each message becomes one {@code .eml} file in the spool
 * folder, and {@code send} answers {@code 250 2.0.0 Queued as <name>} only once that file and
 * its name are synced to disk (see {@link SpoolWriter} for the file's layout). Recipients are
 * accepted as given. Disk work runs on {@value #WRITERS} dedicated threads with at most
 * {@value #BACKLOG} messages waiting; beyond that, and on any I/O failure, {@code send} answers
 * 451 4.3.0. The folder is created at start; a folder that cannot be created is an
 * {@link java.io.UncheckedIOException} from the constructor.
 */
public final class SpoolDelivery implements Delivery {

    static final int WRITERS = 2;
    static final int BACKLOG = 1_000;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final SpoolWriter writer;
    private final ThreadPoolExecutor executor;
    private final SpoolBacklog backlog;

    public SpoolDelivery(SpoolOptions options) {
        Objects.requireNonNull(options, "options");
        this.writer = new SpoolWriter(options.dir(), Clock.systemUTC());
        this.backlog = new SpoolBacklog(options.dir(), Clock.systemUTC());
        this.executor = new ThreadPoolExecutor(WRITERS, WRITERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(BACKLOG), new DefaultThreadFactory("moat-spool", true));
    }

    @Override
    public Transaction begin(Sender sender) {
        return new SpoolTransaction(Objects.requireNonNull(sender, "sender"), this);
    }

    @Override
    public HandOffState state() {
        return backlog.state();
    }

    CompletionStage<Reply> store(Sender sender, List<String> recipients, ByteBuf message) {
        if (executor.isShutdown()) {
            message.release();
            return CompletableFuture.completedFuture(Replies.SHUTTING_DOWN);
        }
        try {
            return CompletableFuture.supplyAsync(() -> writer.write(sender, recipients, message), executor);
        } catch (RejectedExecutionException e) {
            message.release();
            return CompletableFuture.completedFuture(executor.isShutdown() ? Replies.SHUTTING_DOWN : Replies.SPOOL_FAILED);
        }
    }

    /** Lets the files being written finish (up to a few seconds) unless called on a Netty thread. */
    @Override
    public void close() {
        executor.shutdown();
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            return;
        }
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
