package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.moat.blocking.AddResult;
import dev.moat.blocking.TemporaryEntry;
import dev.moat.blocking.TemporaryList;
import dev.moat.blocking.TemporaryLists;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The cluster's temporary blocking state behind {@link TemporaryLists}: the three lists, each a
 * {@link TemporaryListMap} with its local replica, the event windows in {@link
 * ClusterMaps#BLOCKING_EVENTS} counted by {@link CountEventProcessor}, and the block history
 * in {@link ClusterMaps#BLOCKING_HISTORY} kept by {@link EscalateProcessor}. Both processors
 * run on the key's owner; their answers come back as completion stages, never awaited here.
 */
public final class BlockingMaps implements TemporaryLists {
    private final Map<TemporaryList, TemporaryListMap> lists = new EnumMap<>(TemporaryList.class);
    private final IMap<String, Object> events;
    private final IMap<String, Object> history;

    BlockingMaps(HazelcastInstance hazelcast, Signatures signatures, ClusterEvents clusterEvents) {
        lists.put(TemporaryList.BLOCKED, new TemporaryListMap(hazelcast, TemporaryList.BLOCKED,
                ClusterMaps.TEMPORARY_BLOCKED, signatures, clusterEvents));
        lists.put(TemporaryList.UNBLOCKABLE, new TemporaryListMap(hazelcast, TemporaryList.UNBLOCKABLE,
                ClusterMaps.TEMPORARY_UNBLOCKABLE, signatures, clusterEvents));
        lists.put(TemporaryList.DEBUG, new TemporaryListMap(hazelcast, TemporaryList.DEBUG,
                ClusterMaps.TEMPORARY_DEBUG, signatures, clusterEvents));
        this.events = hazelcast.getMap(ClusterMaps.BLOCKING_EVENTS);
        this.history = hazelcast.getMap(ClusterMaps.BLOCKING_HISTORY);
    }

    @Override
    public Optional<TemporaryEntry> get(TemporaryList list, String key) {
        return lists.get(list).get(key);
    }

    @Override
    public AddResult add(TemporaryList list, String key, TemporaryEntry entry, int limit) {
        return lists.get(list).add(key, entry, limit);
    }

    @Override
    public boolean remove(TemporaryList list, String key) {
        return lists.get(list).remove(key);
    }

    @Override
    public List<Map.Entry<String, TemporaryEntry>> entries(TemporaryList list) {
        return lists.get(list).entries();
    }

    @Override
    public int size(TemporaryList list) {
        return lists.get(list).size();
    }

    @Override
    public CompletionStage<Integer> count(String key, long nowMillis, Duration window, int keep) {
        return events.submitToKey(key, new CountEventProcessor(nowMillis, window.toMillis(), keep));
    }

    @Override
    public void forget(String key) {
        events.delete(key);
    }

    @Override
    public CompletionStage<Duration> escalate(String key, long nowMillis, Duration base, Duration cap) {
        return history.submitToKey(key, new EscalateProcessor(nowMillis, base.toMillis(), cap.toMillis()))
                .thenApply(Duration::ofMillis);
    }

    @Override
    public void onAdded(BiConsumer<TemporaryList, String> listener) {
        lists.forEach((list, map) -> map.onAdded(key -> listener.accept(list, key)));
    }
}
