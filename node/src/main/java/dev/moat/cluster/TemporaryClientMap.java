package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import dev.moat.net.IpAddress;
import dev.moat.policy.TemporaryClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporary Clients in the map {@link ClusterMaps#TEMPORARY_CLIENTS}: the key is the
 * address, the value a {@link TemporaryClient} (its expiry and MAC), and the entry's
 * time-to-live removes it then. Every member keeps a replica fed by the map's events, so the
 * connection-time question is answered without leaving the JVM; only entries whose MAC one of
 * this member's secrets made enter the replica, the rest are refused, counted and logged (at
 * most one line every ten seconds). After a split brain heals, the replica is read again from
 * the merged map, and entries the other side brought in arrive as merge events. {@link #add} refuses a new address while the list holds
 * its limit, with a warning (as often) and a count.
 */
public final class TemporaryClientMap implements TemporaryClients {
    private static final Logger log = LoggerFactory.getLogger(TemporaryClientMap.class);

    private final IMap<String, Object> map;
    private final Map<String, Long> replica = new ConcurrentHashMap<>();
    private final Signatures signatures;
    private final ClusterEvents events;
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final RateLimitedLog fullWarnings = new RateLimitedLog(log, Duration.ofSeconds(60));

    TemporaryClientMap(HazelcastInstance hazelcast, Signatures signatures, ClusterEvents events) {
        this.map = hazelcast.getMap(ClusterMaps.TEMPORARY_CLIENTS);
        this.signatures = signatures;
        this.events = events;
        map.addEntryListener(new ReplicaListener(this::heard, this::removed, this::removed, this::refuse), true);
        // A member that was cut off and merged back gets the cluster's entries by migration, with no event.
        LifecycleListening.untilShutdown(hazelcast, event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                var reading = new Thread(this::readAll, "moat-temporary-clients-merged");
                reading.setDaemon(true);
                reading.start();
            }
        });
        // Entries stored before this member joined produce no event here.
        readAll();
    }

    /** Reads the whole map into the replica, dropping what the map no longer holds. */
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

    @Override
    public boolean contains(IpAddress address) {
        Long until = replica.get(address.toString());
        return until != null && until > System.currentTimeMillis();
    }

    /** Until when {@code address} is a Temporary Client (epoch milliseconds), from the replica; empty when it is none. */
    public java.util.OptionalLong until(IpAddress address) {
        Long until = replica.get(address.toString());
        return until != null && until > System.currentTimeMillis() ? java.util.OptionalLong.of(until)
                : java.util.OptionalLong.empty();
    }

    @Override
    public boolean add(IpAddress address, Duration time, int limit) {
        String key = address.toString();
        long now = System.currentTimeMillis();
        replica.values().removeIf(until -> until <= now);
        if (!replica.containsKey(key) && replica.size() >= limit) {
            events.temporaryClientsFull();
            fullWarnings.warn("The Temporary Clients list is full ({} addresses, the UnBlockable Addresses Limit "
                    + "temporary-blocking.unblockable-addresses-limit): {} was not made a Temporary Client", limit, key);
            return false;
        }
        long until = now + time.toMillis();
        replica.put(key, until);
        map.setAsync(key, signatures.signTemporaryClient(key, until), time.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public int size() {
        long now = System.currentTimeMillis();
        return (int) replica.values().stream().filter(until -> until > now).count();
    }

    private void heard(String key, Object value) {
        if (IpAddress.tryParse(key).filter(address -> address.toString().equals(key)).isEmpty()) {
            refuse(key, "the key is not an address");
        } else if (!(value instanceof TemporaryClient entry)) {
            refuse(key, "the value is no Temporary Client entry but " + (value == null ? "null" : value.getClass().getName()));
        } else if (!signatures.check(key, entry).valid()) {
            refuse(key, entry.mac().isEmpty() ? "it carries no MAC" : "its MAC is wrong");
        } else {
            replica.merge(key, entry.untilMillis(), Math::max);
        }
    }

    private void refuse(String key, String why) {
        events.macRefused(ClusterEvents.TEMPORARY_CLIENT);
        refusals.warn("Refused a Temporary Client entry for {} from the cluster: {}. Only members with the cluster "
                + "secret grant relay rights", key, why);
    }

    /** The map lost {@code key}, which held {@code old}: out of the replica unless a later grant is held there. */
    private void removed(String key, Object old) {
        if (old instanceof TemporaryClient entry) {
            replica.remove(key, entry.untilMillis());
        } else {
            replica.remove(key);
        }
    }
}
