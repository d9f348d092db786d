package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.moat.policy.CalloutCache;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverse Connect's results in the map {@link ClusterMaps#CALLOUT_RESULTS}: the key is the
 * Return-Path address, the value a {@link CalloutResult} (accepted or refused, its expiry and a
 * MAC with the cluster secret), and the entry's time-to-live removes it then. A result this
 * member wrote or read is kept in a local copy until its expiry (at most {@value #LOCAL_LIMIT}
 * addresses, forgotten all at once when full), so a busy sender costs no trip to the cluster;
 * other reads go to the entry's owner asynchronously ({@code getAsync}). An entry without a valid MAC, of another
 * type, or past its expiry counts as no entry, and a refused MAC is counted and logged (at most
 * once every ten seconds), so a member without the secret can neither clear nor condemn a sender.
 */
public final class CalloutResultMap implements CalloutCache {
    private static final Logger log = LoggerFactory.getLogger(CalloutResultMap.class);
    static final int LOCAL_LIMIT = 10_000;

    private final IMap<String, Object> map;
    private final Signatures signatures;
    private final ClusterEvents events;
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final Map<String, CalloutResult> local = new ConcurrentHashMap<>();

    CalloutResultMap(HazelcastInstance hazelcast, Signatures signatures, ClusterEvents events) {
        this.map = hazelcast.getMap(ClusterMaps.CALLOUT_RESULTS);
        this.signatures = signatures;
        this.events = events;
    }

    @Override
    public CompletionStage<Optional<Boolean>> get(String address) {
        CalloutResult near = local.get(address);
        if (near != null && near.untilMillis() > System.currentTimeMillis()) {
            return CompletableFuture.completedFuture(Optional.of(near.accepted()));
        }
        if (near != null) {
            local.remove(address, near);
        }
        CompletableFuture<Optional<Boolean>> answer = new CompletableFuture<>();
        try {
            map.getAsync(address).whenComplete((value, failure) ->
                    answer.complete(failure == null ? read(address, value) : Optional.empty()));
        } catch (RuntimeException e) {
            answer.complete(Optional.empty());
        }
        return answer;
    }

    @Override
    public void put(String address, boolean accepted, Duration lifetime) {
        long until = System.currentTimeMillis() + lifetime.toMillis();
        CalloutResult entry = signatures.signCallout(address, accepted, until);
        keep(address, entry);
        try {
            map.setAsync(address, entry, lifetime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.debug("cannot remember the callout result of {}: {}", address, e.toString());
        }
    }

    private Optional<Boolean> read(String address, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof CalloutResult entry) || !signatures.check(address, entry).valid()) {
            events.macRefused(ClusterEvents.CALLOUT_RESULT);
            refusals.warn("Refused a callout result for {} from the cluster: it carries no valid MAC. Only members "
                    + "with the cluster secret record callout results", address);
            return Optional.empty();
        }
        if (entry.untilMillis() <= System.currentTimeMillis()) {
            return Optional.empty();
        }
        keep(address, entry);
        return Optional.of(entry.accepted());
    }

    private void keep(String address, CalloutResult entry) {
        if (local.size() >= LOCAL_LIMIT) {
            local.clear();
        }
        local.put(address, entry);
    }
}
