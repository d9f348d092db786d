package dev.moat.blocking;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The shared state of temporary blocking, as the cluster keeps it: the three {@link
 * TemporaryList}s, the event windows and the block history. Reads ({@link #get}, {@link
 * #entries}, {@link #size}) are answered from this member's replica and never leave the JVM;
 * {@link #count} and {@link #escalate} run atomically on the key's owner and answer later;
 * writes never wait for the cluster.
 */
public interface TemporaryLists {

    /** The entry of {@code key} (an address, or a prefix such as {@code 2001:db8::/64}) if it holds now. */
    Optional<TemporaryEntry> get(TemporaryList list, String key);

    /**
     * Puts {@code key} on {@code list} with {@code entry} (its time-to-live runs to
     * {@code untilMillis}), unless it is there already, or the list holds {@code limit} entries.
     */
    AddResult add(TemporaryList list, String key, TemporaryEntry entry, int limit);

    /** Takes {@code key} off {@code list}; whether it was on it. */
    boolean remove(TemporaryList list, String key);

    /** Every entry of {@code list} that holds now, by key in address order. */
    List<Map.Entry<String, TemporaryEntry>> entries(TemporaryList list);

    int size(TemporaryList list);

    /**
     * Counts one event at {@code nowMillis} against {@code key} and answers how many fell inside
     * the window that ends then ({@link EventWindow}), remembering at most {@code keep}.
     */
    CompletionStage<Integer> count(String key, long nowMillis, Duration window, int keep);

    /** Forgets the events counted against {@code key} (an unblock by hand starts its windows afresh); waits for the owner. */
    void forget(String key);

    /**
     * How long a new block of {@code key} at {@code nowMillis} lasts: {@code base}, or twice
     * the last block's time when the last block started within a day, at most {@code cap}.
     * Remembers this block for the next one.
     */
    CompletionStage<Duration> escalate(String key, long nowMillis, Duration base, Duration cap);

    /** Hears every key added to any list on any member (called on a cluster thread; keep it short). */
    void onAdded(BiConsumer<TemporaryList, String> listener);
}
