package dev.moat.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.function.BiConsumer;

/**
 * The entry listener that keeps a member's replica of a signed map (the Temporary Clients, the
 * temporary lists): added, updated and merged values are handed to the replica to verify and
 * take; removals and expiries (evictions alike) take the key out; a value that cannot even be
 * read is refused by name, never thrown back into Hazelcast's event thread.
 */
final class ReplicaListener implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object>,
        EntryRemovedListener<String, Object>, EntryExpiredListener<String, Object>,
        EntryEvictedListener<String, Object>, EntryMergedListener<String, Object> {

    private final BiConsumer<String, Object> heard;
    private final BiConsumer<String, Object> removed;
    private final BiConsumer<String, Object> expired;
    private final BiConsumer<String, String> refuse;

    /**
     * {@code heard}: a value arrived for a key, to verify and take or refuse; {@code removed}: a
     * member removed the key, which held the value given; {@code expired}: its time-to-live ran out
     * or it was evicted, with the value it held; {@code refuse}: a value was refused for a reason,
     * to count and log. The value of a removal matters: its event can arrive after this member put
     * a newer entry under the same key, which must stay.
     */
    ReplicaListener(BiConsumer<String, Object> heard, BiConsumer<String, Object> removed,
            BiConsumer<String, Object> expired, BiConsumer<String, String> refuse) {
        this.heard = heard;
        this.removed = removed;
        this.expired = expired;
        this.refuse = refuse;
    }

    @Override
    public void entryMerged(EntryEvent<String, Object> event) {
        heardSafely(event);
    }

    @Override
    public void entryAdded(EntryEvent<String, Object> event) {
        heardSafely(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, Object> event) {
        heardSafely(event);
    }

    @Override
    public void entryRemoved(EntryEvent<String, Object> event) {
        removed.accept(event.getKey(), event.getOldValue());
    }

    @Override
    public void entryExpired(EntryEvent<String, Object> event) {
        expired.accept(event.getKey(), event.getOldValue());
    }

    @Override
    public void entryEvicted(EntryEvent<String, Object> event) {
        expired.accept(event.getKey(), event.getOldValue());
    }

    private void heardSafely(EntryEvent<String, Object> event) {
        try {
            heard.accept(event.getKey(), event.getValue());
        } catch (RuntimeException e) {
            refuse.accept(String.valueOf(event.getKey()), "it cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
