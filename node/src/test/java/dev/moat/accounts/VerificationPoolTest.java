package dev.moat.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.net.IpAddress;
import dev.moat.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two bounds of password verification: threads plus queue in all, and one per client address. */
class VerificationPoolTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<VerificationPool.Bounds> bounds =
            new AtomicReference<>(new VerificationPool.Bounds(2, 3));
    private final VerificationPool pool = new VerificationPool(bounds::get);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    private CompletionStage<String> blocking(String client) {
        return pool.submit(IpAddress.parse(client), () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "verified";
        }, reason -> reason);
    }

    private static String now(CompletionStage<String> answer) {
        var future = answer.toCompletableFuture();
        return future.isDone() ? future.join() : "pending";
    }

    @Test
    void noMoreThanThreadsPlusQueueArePendingAndTheRestAreBusyAtOnce() {
        var answers = new ArrayList<CompletionStage<String>>();
        for (int i = 1; i <= 8; i++) {
            answers.add(blocking("192.0.2." + i));
        }
        assertEquals(List.of("pending", "pending", "pending", "pending", "pending", "queue-full", "queue-full",
                "queue-full"), answers.stream().map(VerificationPoolTest::now).toList());
        assertEquals(5, pool.pending());
        release.countDown();
        for (int i = 0; i < 5; i++) {
            assertEquals("verified", answers.get(i).toCompletableFuture().join());
        }
        Eventually.until("nothing pending", () -> pool.pending() == 0);
        assertEquals(5, pool.peak());
    }

    @Test
    void oneAddressHasOneVerificationAtATimeAndIsFreeBeforeItsAnswer() {
        var first = blocking("192.0.2.1");
        assertEquals("address-busy", now(blocking("192.0.2.1")));
        assertEquals("pending", now(blocking("192.0.2.2")));
        release.countDown();
        // The address is free again by the time the answer arrives: the next AUTH is verified.
        var next = first.thenCompose(done -> pool.submit(IpAddress.parse("192.0.2.1"), () -> "again", reason -> reason));
        assertEquals("again", next.toCompletableFuture().join());
    }

    @Test
    void changedBoundsApplyToTheNextSubmission() {
        bounds.set(new VerificationPool.Bounds(1, 0));
        assertEquals("pending", now(blocking("192.0.2.1")));
        assertEquals("queue-full", now(blocking("192.0.2.2")));
        bounds.set(new VerificationPool.Bounds(2, 0));
        assertEquals("pending", now(blocking("192.0.2.3")));
    }

    @Test
    void aVerificationThatThrowsFreesItsPlace() {
        var failed = pool.submit(IpAddress.parse("192.0.2.1"), () -> {
            throw new IllegalStateException("broken");
        }, reason -> reason).toCompletableFuture();
        Eventually.until("the failure is in", failed::isDone);
        assertEquals(true, failed.isCompletedExceptionally());
        Eventually.until("nothing pending", () -> pool.pending() == 0);
        assertEquals("pending", now(blocking("192.0.2.1")));
    }
}
