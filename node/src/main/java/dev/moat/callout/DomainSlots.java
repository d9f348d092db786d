package dev.moat.callout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many callouts run now per Return-Path domain on this node, bounded: {@link #tryTake}
 * answers false at once when the domain already has its bound, and a taken slot is given back
 * with {@link #release}. Domains without a callout hold no entry. Thread-safe.
 */
final class DomainSlots {
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    boolean tryTake(String domain, int bound) {
        boolean[] taken = {false};
        running.compute(domain, (d, n) -> {
            int now = n == null ? 0 : n;
            if (now >= bound) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void release(String domain) {
        running.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
    }

    /** Callouts running now to {@code domain}. */
    int running(String domain) {
        return running.getOrDefault(domain, 0);
    }
}
