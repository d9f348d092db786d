package dev.moat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every meter Moat registers, declared in this one place with its name and tags (the README
 * lists them). Tags are bounded: outcomes, reasons that are check names, error kinds; never an
 * address or a sender. Counters are created once per tag value and cached.
 */
public final class MoatMetrics {
    public static final String CONNECTIONS = "moat.smtp.connections";
    public static final String SESSIONS = "moat.smtp.sessions";
    public static final String SESSIONS_ACTIVE = "moat.smtp.sessions.active";
    public static final String MESSAGES = "moat.smtp.messages";
    public static final String RECIPIENTS = "moat.smtp.recipients";
    public static final String PROTOCOL_ERRORS = "moat.smtp.protocol.errors";
    public static final String PROXY = "moat.smtp.proxy";
    public static final String LOGINS = "moat.smtp.logins";
    public static final String LOGINS_BUSY = "moat.smtp.logins.busy";
    public static final String LOGINS_PENDING = "moat.smtp.logins.pending";
    public static final String LENIENT_LINE_ENDINGS = "moat.smtp.lenient.line.endings";
    public static final String VERDICTS = "moat.policy.verdicts";
    public static final String DELIVERY = "moat.delivery.latency";
    public static final String SETTINGS_VERSION = "moat.settings.version";
    public static final String SETTINGS_REJECTED = "moat.settings.rejected";
    public static final String SETTINGS_SERVER = "moat.settings.server";
    public static final String CLUSTER_MEMBERS = "moat.cluster.members";
    public static final String MAC_REFUSED = "moat.cluster.mac.refused";
    public static final String TEMPORARY_CLIENTS = "moat.cluster.temporary.clients";
    public static final String TEMPORARY_CLIENTS_FULL = "moat.cluster.temporary.clients.full";

    /** The HELP text of the meters that have one. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            LOGINS_BUSY, "AUTH attempts answered 454 at once because password verification was busy (reason: "
                    + "queue-full, address-busy)",
            LOGINS_PENDING, "password verifications running or waiting now (at most smtp.auth.verification-threads"
                    + " + verification-queue)",
            LENIENT_LINE_ENDINGS, "lines from senders on smtp.lenient-line-endings that ended at a bare LF, read as CRLF",
            MAC_REFUSED, "cluster-wide values refused because their MAC is missing or wrong (kind: document, "
                    + "temporary-client)",
            TEMPORARY_CLIENTS, "addresses that are Temporary Clients now, in the whole cluster (this member's replica)",
            TEMPORARY_CLIENTS_FULL, "addresses not made Temporary Clients because the list held its limit "
                    + "(temporary-blocking.unblockable-addresses-limit)",
            "moat.dns.cache", "DNS questions answered from the resolver's cache (hit) or sent to a server (miss)",
            "moat.dns.rbl.errors", "RBL answers that are no listing: the zone's error codes (code), addresses "
                    + "outside 127/8 (outside), failed health tests (test-point)",
            "moat.dns.rbl.healthy", "1 while the RBL zone passes its RFC 5782 health tests, 0 while it is skipped");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MoatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A connection reached the gate: {@code accepted}, or why it was refused. */
    public void connection(String outcome) {
        counter(CONNECTIONS, "outcome", outcome).increment();
    }

    /** A session ended: {@code quit}, {@code timeout}, {@code too-many-errors}, {@code closed} ... */
    public void sessionEnded(String outcome) {
        counter(SESSIONS, "outcome", outcome).increment();
    }

    public void activeSessions(Supplier<Number> value) {
        gauge(SESSIONS_ACTIVE, value);
    }

    /** A message was accepted ({@code reason=delivered}) or refused (reason = check or cause). */
    public void message(String result, String reason) {
        counter(MESSAGES, "result", result, "reason", reason).increment();
    }

    public void recipient(String result, String reason) {
        counter(RECIPIENTS, "result", result, "reason", reason).increment();
    }

    public void protocolError(String kind) {
        counter(PROTOCOL_ERRORS, "kind", kind).increment();
    }

    /**
     * A connection on a PROXY-protocol listener before its session: {@code accepted} (a header
     * naming the sender), {@code local} (the proxy's own connection), {@code untrusted-peer},
     * {@code malformed} (no valid header before the connection ended) or {@code timeout}.
     */
    public void proxyHeader(String outcome) {
        counter(PROXY, "outcome", outcome).increment();
    }

    public void login(String result) {
        counter(LOGINS, "result", result).increment();
    }

    /** An AUTH refused with 454 before any verification: {@code queue-full} or {@code address-busy}. */
    public void loginBusy(String reason) {
        counter(LOGINS_BUSY, "reason", reason).increment();
    }

    public void loginsPending(Supplier<Number> count) {
        gauge(LOGINS_PENDING, count);
    }

    /** A line of a lenient sender ended at a bare LF, read as CRLF. */
    public void lenientLineEnding() {
        counter(LENIENT_LINE_ENDINGS).increment();
    }

    public void verdict(String stage, String check, String action) {
        counter(VERDICTS, "stage", stage, "check", check, "action", action).increment();
    }

    public void delivery(String mode, String result, Duration took) {
        var key = DELIVERY + mode + result;
        timers.computeIfAbsent(key, k -> Timer.builder(DELIVERY)
                .description("time from end of DATA to the hand-off's answer")
                .tags("mode", mode, "result", result)
                .publishPercentileHistogram()
                .register(registry)).record(took);
    }

    /** A settings layer's applied version, for watching a rollout. */
    public void settingsVersion(String layer, String document, Supplier<Number> version) {
        gauge(SETTINGS_VERSION, version, "layer", layer, "document", document);
    }

    private io.micrometer.core.instrument.Gauge serverVersion;

    /**
     * The server-wide settings version (a hash of the file) as an info-style gauge: value 1,
     * the version in a tag. Only the running version's series exists at any time.
     */
    public synchronized void serverSettingsVersion(String version) {
        if (serverVersion != null) {
            registry.remove(serverVersion);
        }
        serverVersion = io.micrometer.core.instrument.Gauge.builder(SETTINGS_SERVER, () -> 1)
                .description("the server-wide settings version this node runs (a hash of the file)")
                .tag("version", version)
                .register(registry);
    }

    public void settingsRejected(String layer) {
        counter(SETTINGS_REJECTED, "layer", layer).increment();
    }

    public void clusterMembers(Supplier<Number> count) {
        gauge(CLUSTER_MEMBERS, count);
    }

    /** A cluster-wide value of {@code kind} ({@code document}, {@code temporary-client}) with a missing or wrong MAC. */
    public void macRefused(String kind) {
        counter(MAC_REFUSED, "kind", kind).increment();
    }

    public void temporaryClients(Supplier<Number> count) {
        gauge(TEMPORARY_CLIENTS, count);
    }

    public void temporaryClientsFull() {
        counter(TEMPORARY_CLIENTS_FULL).increment();
    }

    // ---- DNS (the resolver and the RBL zones) --------------------------------------------

    public static final String DNS_QUERIES = "moat.dns.queries";
    public static final String DNS_CACHE = "moat.dns.cache";
    public static final String RBL_ERRORS = "moat.dns.rbl.errors";
    public static final String RBL_HEALTHY = "moat.dns.rbl.healthy";
    /** DNS latency buckets: a loopback cache answers in 1 ms, a public list in 50 to 200 ms, a dead one never. */
    private static final Duration[] DNS_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(2)};

    /** One query's answer ({@code records}, {@code nxdomain}, {@code nodata}, {@code timeout}, {@code servfail}) and how long it took, tries included. */
    public void dnsQuery(String type, String outcome, Duration took) {
        timers.computeIfAbsent(DNS_QUERIES + type + outcome, k -> Timer.builder(DNS_QUERIES)
                .description("DNS queries sent by the resolver, by query type and outcome, with their latency")
                .tags("type", type, "outcome", outcome)
                .serviceLevelObjectives(DNS_BUCKETS)
                .register(registry)).record(took);
    }

    /** A question answered from the cache ({@code hit}) or sent ({@code miss}). */
    public void dnsCache(boolean hit) {
        counter(DNS_CACHE, "result", hit ? "hit" : "miss").increment();
    }

    /**
     * An RBL zone's answer that is no listing: {@code code} for its own error codes
     * (127.255.255.0/24), {@code outside} for an address outside 127/8, {@code test-point} for a
     * failed RFC 5782 health test.
     */
    public void rblError(String zone, String kind) {
        counter(RBL_ERRORS, "zone", zone, "kind", kind).increment();
    }

    /** 1 while the zone passes its health tests, 0 while it is skipped as unhealthy. */
    public void rblHealthy(String zone, Supplier<Number> healthy) {
        gauge(RBL_HEALTHY, healthy, "zone", zone);
    }

    /** A gauge that holds its supplier strongly (registry.gauge would let a lambda be collected). */
    private void gauge(String name, Supplier<Number> value, String... tags) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(DESCRIPTIONS.get(name)).tags(tags)
                .strongReference(true).register(registry);
    }

    private Counter counter(String name, String... tags) {
        var key = name + String.join("\u0000", tags);
        var counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).description(DESCRIPTIONS.get(name))
                    .tags(tags).register(registry));
        }
        return counter;
    }
}
