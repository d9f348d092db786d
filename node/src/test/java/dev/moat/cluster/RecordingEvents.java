package dev.moat.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a member reported to its {@link ClusterEvents}, counted by kind (and {@code full}). */
final class RecordingEvents implements ClusterEvents {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void macRefused(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void temporaryClientsFull() {
        counts.computeIfAbsent("full", k -> new AtomicInteger()).incrementAndGet();
    }

    int count(String kind) {
        AtomicInteger count = counts.get(kind);
        return count == null ? 0 : count.get();
    }
}
