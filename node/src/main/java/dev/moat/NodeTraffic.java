package dev.moat;

import dev.moat.metrics.MoatMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one member tells the others about its SMTP traffic, for the console's cluster page
 * ({@code GET /api/v1/cluster/traffic}): the connections open now, those accepted at the gate,
 * the messages accepted and refused since the node started, and when it started, read from the
 * node's own meters (the same series its {@code /metrics} shows). Counts only, never an address.
 */
final class NodeTraffic {

    private NodeTraffic() {
    }

    static Map<String, Object> of(MeterRegistry registry, long startedMillis) {
        var view = new LinkedHashMap<String, Object>();
        view.put("sessionsActive", (long) registry.find(MoatMetrics.SESSIONS_ACTIVE).gauges().stream()
                .mapToDouble(Gauge::value).sum());
        view.put("connectionsAccepted", count(registry, MoatMetrics.CONNECTIONS, "outcome", "accepted"));
        view.put("messagesAccepted", count(registry, MoatMetrics.MESSAGES, "result", "accepted"));
        view.put("messagesRefused", count(registry, MoatMetrics.MESSAGES, "result", "refused"));
        view.put("startedAt", Instant.ofEpochMilli(startedMillis).toString());
        view.put("uptimeSeconds", Math.max(0, (System.currentTimeMillis() - startedMillis) / 1000));
        return view;
    }

    private static long count(MeterRegistry registry, String name, String tag, String value) {
        return (long) registry.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }
}
