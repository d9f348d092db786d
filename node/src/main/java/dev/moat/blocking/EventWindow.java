package dev.moat.blocking;

import java.util.Arrays;

/**
 * The times of the events counted against one key (an address and an event kind, or a login
 * name), oldest first: {@link #record} adds one and forgets those that left the window, so the
 * count it answers is the number of events inside the window that ends now. When that count
 * is more than N, some window of length T holds more than N events (NOTES, "Temporary
 * blocking"). It keeps at most {@code keep} times, which is enough to tell any threshold up to
 * {@code keep - 1}. A pure function, run by the cluster on the key's owner.
 */
public final class EventWindow {
    private EventWindow() {
    }

    /**
     * The times after one more event at {@code nowMillis}: those of {@code times} later than
     * {@code nowMillis - windowMillis}, then {@code nowMillis}, at most the {@code keep} last.
     */
    public static long[] record(long[] times, long nowMillis, long windowMillis, int keep) {
        long since = nowMillis - windowMillis;
        int from = 0;
        while (from < times.length && times[from] <= since) {
            from++;
        }
        int kept = Math.min(times.length - from, Math.max(0, keep - 1));
        long[] next = Arrays.copyOfRange(times, times.length - kept, times.length + 1);
        next[kept] = nowMillis;
        // A caller whose clock lags another's may add an earlier time; keep the order.
        Arrays.sort(next);
        return next;
    }
}
