package dev.moat.accounts;

import dev.moat.net.IpAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads that verify passwords, bounded twice so that a flood of guesses can neither
 * grow memory nor starve real logins: at most {@code threads + queue} verifications are
 * pending (running or waiting) at once, and at most one per client address. A task beyond
 * either bound is not queued: the caller gets the busy answer at once ({@code queue-full} or
 * {@code address-busy}). Both bounds are read at each submission, so a settings change
 * applies to the next AUTH. The address is free again before the caller hears the answer.
 */
public final class VerificationPool implements AutoCloseable {

    /** The bounds in force: threads verifying at once, and verifications that may wait for one. */
    public record Bounds(int threads, int queue) {
        public Bounds {
            if (threads < 1 || queue < 0) {
                throw new IllegalArgumentException("threads must be at least 1 and queue at least 0");
            }
        }
    }

    private final Supplier<Bounds> bounds;
    private final ThreadPoolExecutor executor;
    private final Set<IpAddress> verifying = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    public VerificationPool(Supplier<Bounds> bounds) {
        this.bounds = bounds;
        int threads = bounds.get().threads();
        // The queue itself is unbounded; the pending count, checked before each task, bounds it.
        this.executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                r -> {
                    var t = new Thread(r, "moat-auth");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Runs {@code task} for {@code client} on a verification thread, or answers {@code busy}
     * with the reason at once when the pool or the address is busy.
     */
    public <T> CompletionStage<T> submit(IpAddress client, Supplier<T> task, Function<String, T> busy) {
        var now = bounds.get();
        resize(now.threads());
        if (!verifying.add(client)) {
            return CompletableFuture.completedFuture(busy.apply("address-busy"));
        }
        if (!reserve(now.threads() + now.queue())) {
            verifying.remove(client);
            return CompletableFuture.completedFuture(busy.apply("queue-full"));
        }
        var answer = new CompletableFuture<T>();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = task.get();
                } catch (Throwable e) {
                    finish(client);
                    answer.completeExceptionally(e);
                    return;
                }
                finish(client);
                answer.complete(result);
            });
        } catch (RejectedExecutionException e) {
            finish(client);
            return CompletableFuture.completedFuture(busy.apply("queue-full"));
        }
        return answer;
    }

    /** Verifications running or waiting now. */
    public int pending() {
        return pending.get();
    }

    /** The most verifications that were ever pending at once. */
    public int peak() {
        return peak.get();
    }

    private boolean reserve(int limit) {
        while (true) {
            int now = pending.get();
            if (now >= limit) {
                return false;
            }
            if (pending.compareAndSet(now, now + 1)) {
                peak.accumulateAndGet(now + 1, Math::max);
                return true;
            }
        }
    }

    private void finish(IpAddress client) {
        pending.decrementAndGet();
        verifying.remove(client);
    }

    private synchronized void resize(int threads) {
        if (executor.getMaximumPoolSize() == threads) {
            return; // the usual case; a changed setting applies here
        }
        if (threads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
