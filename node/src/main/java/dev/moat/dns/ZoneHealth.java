package dev.moat.dns;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The health of each RBL zone, beyond what other products watch: every zone is tested when it
 * is first configured and then every interval with the RFC 5782 test points ({@code 127.0.0.2}
 * must be listed, {@code 127.0.0.1} must not). A zone that fails a test, answers a real query
 * with one of its error codes (127.255.255.0/24: it refuses us), or does not answer
 * {@value #TIMEOUTS_UNHEALTHY} queries in a row is unhealthy at once: a log line, the gauge
 * {@code moat.dns.rbl.healthy{zone}} at 0, and the Test Address says so; it is skipped (when
 * the settings say so, the default) until a test passes again, so a broken or refusing list
 * never refuses mail. Shared by every snapshot of a node; thread-safe.
 */
public final class ZoneHealth implements AutoCloseable {
    static final int TIMEOUTS_UNHEALTHY = 5;
    private static final Logger log = LoggerFactory.getLogger(ZoneHealth.class);
    private static final IpAddress LISTED_POINT = IpAddress.parse("127.0.0.2");
    private static final IpAddress UNLISTED_POINT = IpAddress.parse("127.0.0.1");

    private final class State {
        final RblZone zone;
        volatile String problem = "";
        final AtomicInteger timeouts = new AtomicInteger();

        State(RblZone zone) {
            this.zone = zone;
        }
    }

    private final DnsResolver resolver;
    private final MoatMetrics metrics;
    private final Map<String, State> zones = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moat-rbl-health");
        t.setDaemon(true);
        return t;
    });

    /** Tests the zones it is given every {@code interval}. */
    public ZoneHealth(DnsResolver resolver, MoatMetrics metrics, Duration interval) {
        this.resolver = resolver;
        this.metrics = metrics;
        long every = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::testAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The zones of a new settings snapshot: those not seen before are tested now. */
    public void watch(List<RblZone> configured) {
        for (RblZone zone : configured) {
            zones.computeIfAbsent(zone.toString(), k -> {
                State fresh = new State(zone);
                metrics.rblHealthy(zone.zone(), () -> fresh.problem.isEmpty() ? 1 : 0);
                timer.execute(() -> test(fresh));
                return fresh;
            });
        }
    }

    /** Empty while the zone is healthy, else what is wrong with it. */
    public String problem(RblZone zone) {
        State state = zones.get(zone.toString());
        return state == null ? "" : state.problem;
    }

    /** A real query answered: a timeout counts toward unhealthy, anything else resets the count. */
    void answered(RblZone zone, DnsAnswer answer) {
        State state = zones.get(zone.toString());
        if (state == null) {
            return;
        }
        if (answer instanceof DnsAnswer.Timeout) {
            if (state.timeouts.incrementAndGet() >= TIMEOUTS_UNHEALTHY) {
                unhealthy(state, TIMEOUTS_UNHEALTHY + " queries in a row unanswered");
            }
        } else {
            state.timeouts.set(0);
        }
    }

    /** A real query got one of the zone's error codes: it refuses us, now. */
    void refused(RblZone zone, IpAddress code) {
        State state = zones.get(zone.toString());
        if (state != null) {
            unhealthy(state, "answers with its error code " + code + " (query refused or rate limited)");
        }
    }

    private void testAll() {
        zones.values().forEach(this::test);
    }

    /** The RFC 5782 test points; a pass makes the zone healthy again. */
    CompletionStage<Void> test(State state) {
        CompletionStage<RblZone.Meaning> listed = point(state.zone, LISTED_POINT);
        CompletionStage<RblZone.Meaning> unlisted = point(state.zone, UNLISTED_POINT);
        return listed.thenCombine(unlisted, (l, u) -> {
            if (l != RblZone.Meaning.LISTED) {
                metrics.rblError(state.zone.zone(), "test-point");
                unhealthy(state, "the test point 127.0.0.2 is not listed (" + l.name().toLowerCase(java.util.Locale.ROOT) + ")");
            } else if (u != RblZone.Meaning.NOT_LISTED) {
                metrics.rblError(state.zone.zone(), "test-point");
                unhealthy(state, "the test point 127.0.0.1 is listed");
            } else if (!state.problem.isEmpty()) {
                log.info("RBL zone {} is healthy again: its test points answer right", state.zone.zone());
                state.problem = "";
                state.timeouts.set(0);
            }
            return null;
        });
    }

    /** What the zone answers for a test point: its meaning, NOT_LISTED for no record, OUTSIDE for no answer. */
    private CompletionStage<RblZone.Meaning> point(RblZone zone, IpAddress point) {
        Name name;
        try {
            name = Name.fromString(zone.queryName(point));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(RblZone.Meaning.OUTSIDE);
        }
        return resolver.query(name, Type.A, zone.servers()).thenApply(answer -> {
            if (answer instanceof DnsAnswer.Records records) {
                return records.records().stream()
                        .map(r -> zone.meaning(IpAddress.of(((ARecord) r).getAddress())))
                        .filter(m -> m == RblZone.Meaning.LISTED).findFirst().orElse(RblZone.Meaning.NOT_LISTED);
            }
            return answer instanceof DnsAnswer.NoSuchName || answer instanceof DnsAnswer.NoData
                    ? RblZone.Meaning.NOT_LISTED : RblZone.Meaning.OUTSIDE;
        });
    }

    private void unhealthy(State state, String why) {
        if (!why.equals(state.problem)) {
            log.warn("RBL zone {} is unhealthy: {}", state.zone.zone(), why);
        }
        state.problem = why;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
