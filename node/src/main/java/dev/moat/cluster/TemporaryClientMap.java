package dev.moat.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.moat.net.IpAddress;
import dev.moat.policy.TemporaryClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Temporary Clients in the map {@link ClusterMaps#TEMPORARY_CLIENTS}: the key is the
 * address, the value the wall-clock time (epoch milliseconds) it stops being one, and the
 * entry's time-to-live removes it then. Every member keeps a replica fed by the map's events,
 * so the connection-time question is answered without leaving the JVM.
 */
public final class TemporaryClientMap implements TemporaryClients {
    private final IMap<String, Long> map;
    private final Map<String, Long> replica = new ConcurrentHashMap<>();

    TemporaryClientMap(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(ClusterMaps.TEMPORARY_CLIENTS);
        map.addEntryListener(new Listener(), true);
        // Entries stored before this member joined produce no event here.
        map.forEach(replica::put);
    }

    @Override
    public boolean contains(IpAddress address) {
        Long until = replica.get(address.toString());
        return until != null && until > System.currentTimeMillis();
    }

    @Override
    public void add(IpAddress address, Duration time) {
        long until = System.currentTimeMillis() + time.toMillis();
        replica.put(address.toString(), until);
        map.setAsync(address.toString(), until, time.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long>,
            EntryRemovedListener<String, Long>, EntryExpiredListener<String, Long>, EntryEvictedListener<String, Long> {

        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            replica.merge(event.getKey(), event.getValue(), Math::max);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            replica.merge(event.getKey(), event.getValue(), Math::max);
        }

        @Override
        public void entryRemoved(EntryEvent<String, Long> event) {
            replica.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, Long> event) {
            replica.remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, Long> event) {
            replica.remove(event.getKey());
        }
    }
}
