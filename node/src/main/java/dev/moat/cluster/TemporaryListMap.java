package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import dev.moat.blocking.AddResult;
import dev.moat.blocking.TemporaryEntry;
import dev.moat.blocking.TemporaryList;
import dev.moat.net.AddressFilter;
import dev.moat.net.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One temporary list in its Hazelcast map: the key is an address (or a prefix such as
 * {@code 2001:db8::/64}), the value a signed {@link TemporaryListEntry}, and the entry's
 * time-to-live removes it at its expiry. Every member keeps a replica fed by the map's events,
 * so {@link #get} never leaves the JVM; only entries whose MAC verifies enter it, the rest are
 * refused, counted and logged (at most once every ten seconds). After a split brain heals the
 * replica is read again from the merged map, as {@link TemporaryClientMap}'s is. Listeners of
 * {@link #onAdded} hear every key that enters the replica from another member or this one.
 */
final class TemporaryListMap {
    private static final Logger log = LoggerFactory.getLogger(TemporaryListMap.class);

    private final TemporaryList list;
    private final IMap<String, Object> map;
    private final Signatures signatures;
    private final ClusterEvents events;
    private final Map<String, TemporaryEntry> replica = new ConcurrentHashMap<>();
    private final List<Consumer<String>> added = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> writes = new ConcurrentHashMap<>();
    private final Map<String, TemporaryEntry> removed = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
    /** The one filter every stopped member's lists share: nothing is added to it. */
    private static final AddressFilter RELEASED = new AddressFilter();
    /** Every key the replica ever took since it was last built; a fresh one is built when most are gone. */
    private volatile AddressFilter filter = new AddressFilter();
    /** The filter being replaced, asked too while the new one is filled, so no key is ever missed. */
    private volatile AddressFilter previous;
    private final AtomicInteger filtered = new AtomicInteger();

    TemporaryListMap(HazelcastInstance hazelcast, TemporaryList list, String mapName, Signatures signatures,
            ClusterEvents events) {
        this.list = list;
        this.map = hazelcast.getMap(mapName);
        this.signatures = signatures;
        this.events = events;
        map.addEntryListener(new ReplicaListener(this::heard, this::removed, this::expired, this::refuse), true);
        LifecycleListening.untilShutdown(hazelcast, event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                release();
            } else if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                var reading = new Thread(this::readAll, "moat-" + list.key() + "-merged");
                reading.setDaemon(true);
                reading.start();
            }
        });
        readAll();
    }

    private void readAll() {
        var keys = map.keySet();
        replica.keySet().retainAll(keys);
        for (String key : keys) {
            try {
                heard(key, map.get(key));
            } catch (RuntimeException e) {
                refuse(key, "it cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /**
     * The member stopped: the replica and its filter are let go, since Hazelcast keeps a stopped
     * instance's listeners (and so this object) reachable for as long as the JVM runs, which a JVM
     * that starts many members one after another (the tests) pays for.
     */
    private void release() {
        replica.clear();
        removed.clear();
        writes.clear();
        filter = RELEASED;
        previous = null;
    }

    /**
     * Whether the replica may hold the key of {@code network}/{@code bits} (an address: 128):
     * one read of a fixed-size filter, the same cost with no entry and with 100,000; false is certain.
     */
    boolean mayHold(IpAddress network, int bits) {
        if (filter.mayHold(network, bits)) {
            return true;
        }
        AddressFilter replaced = previous;
        return replaced != null && replaced.mayHold(network, bits);
    }

    /** The replica takes {@code key}: marked in the filter; past twice the keys it holds (at least 50,000), the filter is built anew. */
    private void filter(String key) {
        filter.addKey(key);
        if (filtered.incrementAndGet() > 2 * Math.max(replica.size(), 25_000)) {
            rebuildFilter();
        }
    }

    private synchronized void rebuildFilter() {
        if (filtered.get() <= 2 * Math.max(replica.size(), 25_000)) {
            return;
        }
        previous = filter;
        var fresh = new AddressFilter();
        filter = fresh;
        // A key put meanwhile went into the replica before either filter: this walk finds it.
        replica.keySet().forEach(fresh::addKey);
        filtered.set(replica.size());
        previous = null;
    }

    Optional<TemporaryEntry> get(String key) {
        TemporaryEntry entry = replica.get(key);
        return entry != null && entry.holdsAt(System.currentTimeMillis()) ? Optional.of(entry) : Optional.empty();
    }

    AddResult add(String key, TemporaryEntry entry, int limit) {
        long now = System.currentTimeMillis();
        if (get(key).isPresent()) {
            return AddResult.ALREADY_LISTED;
        }
        if (replica.size() >= limit) {
            replica.values().removeIf(held -> !held.holdsAt(now));
            if (replica.size() >= limit) {
                return AddResult.FULL;
            }
        }
        long ttl = entry.untilMillis() - now;
        if (ttl <= 0) {
            return AddResult.ADDED;
        }
        replica.put(key, entry);
        filter(key);
        var written = map.setAsync(key, signatures.signTemporaryListEntry(list, key, entry), ttl, TimeUnit.MILLISECONDS)
                .toCompletableFuture();
        writes.put(key, written);
        written.whenComplete((done, failure) -> writes.remove(key, written));
        tell(key);
        return AddResult.ADDED;
    }

    /** Takes {@code key} off the list, after this member's own write of it has landed (it may block briefly). */
    boolean remove(String key) {
        var pending = writes.get(key);
        if (pending != null) {
            try {
                pending.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.debug("the write of {} did not land before its removal: {}", key, e.toString());
            }
        }
        boolean held = get(key).isPresent();
        TemporaryEntry gone = replica.remove(key);
        if (gone != null) {
            // Its own "added" event may still be on the way: it must not bring the entry back.
            removed.put(key, gone);
        }
        return map.remove(key) != null || held;
    }

    List<Map.Entry<String, TemporaryEntry>> entries() {
        long now = System.currentTimeMillis();
        var out = new ArrayList<Map.Entry<String, TemporaryEntry>>();
        replica.forEach((key, entry) -> {
            if (entry.holdsAt(now)) {
                out.add(Map.entry(key, entry));
            }
        });
        out.sort(Comparator.comparing(Map.Entry::getKey, TemporaryListMap::addressOrder));
        return out;
    }

    int size() {
        long now = System.currentTimeMillis();
        return (int) replica.values().stream().filter(entry -> entry.holdsAt(now)).count();
    }

    void onAdded(Consumer<String> listener) {
        added.add(listener);
    }

    /** Addresses by value (a prefix by its first address), then the text. */
    static int addressOrder(String a, String b) {
        var x = IpAddress.tryParse(a.contains("/") ? a.substring(0, a.indexOf('/')) : a);
        var y = IpAddress.tryParse(b.contains("/") ? b.substring(0, b.indexOf('/')) : b);
        if (x.isPresent() && y.isPresent() && !x.get().equals(y.get())) {
            return x.get().compareTo(y.get());
        }
        return a.compareTo(b);
    }

    private void heard(String key, Object value) {
        if (!(value instanceof TemporaryListEntry stored)) {
            refuse(key, "the value is no temporary list entry but " + (value == null ? "null" : value.getClass().getName()));
        } else if (!signatures.check(list, key, stored).valid()) {
            refuse(key, stored.mac().isEmpty() ? "it carries no MAC" : "its MAC is wrong");
        } else if (stored.entry().equals(removed.get(key))) {
            log.debug("the {} entry of {} was removed here; its late event is ignored", list.title(), key);
        } else if (replica.put(key, stored.entry()) == null) {
            filter(key);
            removed.remove(key);
            tell(key);
        }
    }

    private void tell(String key) {
        for (var listener : added) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                log.warn("a listener of the {} list failed on {}: {}", list.title(), key, e.toString());
            }
        }
    }

    private void refuse(String key, String why) {
        events.macRefused(ClusterEvents.TEMPORARY_LIST);
        refusals.warn("Refused a {} entry for {} from the cluster: {}. Only members with the cluster secret "
                + "write the temporary lists", list.title(), key, why);
    }

    /** The map lost {@code key}, which held {@code old}: out of the replica only if that is still the entry held there. */
    private void removed(String key, Object old) {
        if (old instanceof TemporaryListEntry stored) {
            replica.remove(key, stored.entry());
            removed.remove(key, stored.entry());
        } else {
            replica.remove(key);
            removed.remove(key);
        }
    }

    private void expired(String key, Object old) {
        removed(key, old);
    }
}
