package dev.moat.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * "Eventually" assertions for tests of anything asynchronous (clusters, watchers, sockets): retries an assertion until it holds or the time
 * is up, then fails with the last assertion error. It polls rather than waiting a fixed time,
 * so a test is as fast as the cluster.
 */
public final class Eventually {

    private Eventually() {
    }

    public static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /** Waits until {@code condition} holds, failing after ten seconds with {@code what}. */
    public static void until(String what, BooleanSupplier condition) {
        within(Duration.ofSeconds(10), () -> {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("not within 10s: " + what);
            }
        });
    }
}
