package dev.moat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
    public static final String DECISIONS = "moat.decisions";
    public static final String DELIVERY = "moat.delivery.latency";
    public static final String SETTINGS_VERSION = "moat.settings.version";
    public static final String SETTINGS_REJECTED = "moat.settings.rejected";
    public static final String SETTINGS_SERVER = "moat.settings.server.info";
    public static final String CLUSTER_MEMBERS = "moat.cluster.members";
    public static final String MAC_REFUSED = "moat.cluster.mac.refused";
    public static final String TEMPORARY_CLIENTS = "moat.cluster.temporary.clients";
    public static final String TEMPORARY_CLIENTS_FULL = "moat.cluster.temporary.clients.full";
    public static final String DNS_QUERIES = "moat.dns.queries";
    public static final String DNS_CACHE = "moat.dns.cache";
    public static final String RBL_ERRORS = "moat.dns.rbl.errors";
    public static final String RBL_HEALTHY = "moat.dns.rbl.healthy";
    public static final String SPF_RESULTS = "moat.spf.results";
    public static final String BUILD_INFO = "moat.build.info";
    public static final String REFUSALS = "moat.smtp.refusals";
    public static final String SESSION_DURATION = "moat.smtp.session.duration";
    public static final String TLS_HANDSHAKES = "moat.smtp.tls.handshakes";
    public static final String SETTINGS_RELOAD = "moat.settings.last.reload.successful";
    public static final String CLUSTER_SAFE = "moat.cluster.safe";
    public static final String LOCAL_MEMBER_SAFE = "moat.cluster.local.member.safe";
    public static final String MIGRATING = "moat.cluster.migrating";
    public static final String MIGRATIONS = "moat.cluster.migrations";
    public static final String MAP_ENTRIES = "moat.cluster.map.entries";
    public static final String POOL_CONNECTIONS = "moat.delivery.pool.connections";
    public static final String POOL_WAITING = "moat.delivery.pool.waiting";
    public static final String SPOOL_FILES = "moat.delivery.spool.files";
    public static final String SPOOL_OLDEST = "moat.delivery.spool.oldest.age";
    public static final String BANNED_LINES_MATCHED = "moat.banned.lines.matched";
    public static final String CALLOUT_RESULTS = "moat.callout.results";
    public static final String CALLOUT_DURATION = "moat.callout.duration";
    public static final String RULES_ACTIONS = "moat.rules.actions";
    public static final String RULES_PROGRAM_RUNS = "moat.rules.program.runs";
    public static final String RULES_PROGRAM_DURATION = "moat.rules.program.duration";
    /** The values of {@link #RULES_ACTIONS}'s {@code action} tag: the rule actions. */
    private static final String[] RULE_ACTIONS = {"reject", "discard", "redirect", "add-recipients", "add-header",
        "tag-subject", "stop", "execute"};
    public static final String BLOCKING_EVENTS = "moat.blocking.events";
    public static final String BLOCKING_EXEMPT = "moat.blocking.exempt";
    public static final String BLOCKING_ADDED = "moat.blocking.added";
    public static final String BLOCKING_FULL = "moat.blocking.full";
    public static final String BLOCKING_ENTRIES = "moat.blocking.entries";
    public static final String BLOCKING_SESSIONS_ENDED = "moat.blocking.sessions.ended";

    /** The HELP text of every meter (Prometheus's {@code # HELP}); a meter without one is a defect. */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(CONNECTIONS, "SMTP connections at the gate, by outcome (accepted, too-many-total, "
                    + "too-many-from-address)"),
            Map.entry(SESSIONS, "SMTP sessions ended, by how they ended"),
            Map.entry(SESSIONS_ACTIVE, "open SMTP connections"),
            Map.entry(MESSAGES, "messages accepted or refused, by result and reason (delivered, next-hop, size, "
                    + "bad-line, or the check)"),
            Map.entry(RECIPIENTS, "recipients accepted or refused, by result and reason (the check, or next-hop)"),
            Map.entry(PROTOCOL_ERRORS, "SMTP protocol errors, by kind"),
            Map.entry(PROXY, "connections on PROXY-protocol listeners before their session, by outcome"),
            Map.entry(LOGINS, "SMTP AUTH attempts, by result"),
            Map.entry(VERDICTS, "refusing verdicts, by stage, check and action"),
            Map.entry(DECISIONS, "decisions of checks that refuse or add a header, by check, mode (enforce, monitor, "
                    + "tempfail, tag) and the check's action (reject, disconnect, add-header): with mode monitor, "
                    + "what would have happened"),
            Map.entry(DELIVERY, "time from the end of DATA to the hand-off's answer, by mode and result"),
            Map.entry(SETTINGS_VERSION, "the version of each cluster-wide document this node has applied"),
            Map.entry(SETTINGS_REJECTED, "settings documents refused, by layer (server, cluster)"),
            Map.entry(SETTINGS_SERVER, "1, with the server-wide settings version this node runs (a hash of the file) "
                    + "as a label"),
            Map.entry(CLUSTER_MEMBERS, "members in the cluster, as this member sees it"),
            Map.entry(MAC_REFUSED, "cluster-wide values refused because their MAC is missing or wrong (kind: "
                    + "document, temporary-client, callout-result, temporary-list)"),
            Map.entry(TEMPORARY_CLIENTS, "addresses that are Temporary Clients now, in the whole cluster (this "
                    + "member's replica)"),
            Map.entry(TEMPORARY_CLIENTS_FULL, "addresses not made Temporary Clients because the list held its limit "
                    + "(temporary-blocking.unblockable-addresses-limit)"),
            Map.entry(BUILD_INFO, "1, with the Moat version this node runs as a label"),
            Map.entry(REFUSALS, "SMTP replies that refuse, by kind: temporary (4xx) or permanent (5xx)"),
            Map.entry(SESSION_DURATION, "how long SMTP sessions lasted, from accept to close"),
            Map.entry(TLS_HANDSHAKES, "TLS handshakes on SMTP listeners, by protocol version and outcome"),
            Map.entry(SETTINGS_RELOAD, "1 when the last version of this settings layer was applied, 0 when it was "
                    + "refused"),
            Map.entry(CLUSTER_SAFE, "1 when every partition of the cluster has its backups in sync, else 0"),
            Map.entry(LOCAL_MEMBER_SAFE, "1 when every partition this member owns has its backups in sync (safe "
                    + "to stop), else 0"),
            Map.entry(MIGRATING, "1 while a partition migration runs in the cluster, else 0"),
            Map.entry(MIGRATIONS, "partition replica migrations this member heard of, by outcome"),
            Map.entry(MAP_ENTRIES, "entries in each shared Hazelcast map, in the whole cluster"),
            Map.entry(POOL_CONNECTIONS, "connections to the next hop, by state (in-use, idle); relay mode"),
            Map.entry(POOL_WAITING, "transactions waiting for a connection to the next hop; relay mode"),
            Map.entry(SPOOL_FILES, "messages in the spool folder; spool mode"),
            Map.entry(SPOOL_OLDEST, "age of the oldest message in the spool folder; spool mode"),
            Map.entry(BANNED_LINES_MATCHED, "messages refused because a line matched a banned line, by list (header, "
                    + "body)"),
            Map.entry(LOGINS_BUSY, "AUTH attempts answered 454 at once because password verification was busy "
                    + "(reason: queue-full, address-busy)"),
            Map.entry(LOGINS_PENDING, "password verifications running or waiting now (at most "
                    + "smtp.auth.verification-threads + verification-queue)"),
            Map.entry(LENIENT_LINE_ENDINGS, "lines from senders on smtp.lenient-line-endings that ended at a bare LF, "
                    + "read as CRLF"),
            Map.entry(DNS_QUERIES, "DNS queries sent by the resolver, by query type and outcome, with their latency"),
            Map.entry(DNS_CACHE, "DNS questions answered from the resolver's cache (hit) or sent to a server (miss)"),
            Map.entry(RBL_ERRORS, "RBL answers that are no listing: the zone's error codes (code), addresses outside "
                    + "127/8 (outside), failed health tests (test-point)"),
            Map.entry(RBL_HEALTHY, "1 while the RBL zone passes its RFC 5782 health tests, 0 while it is skipped"),
            Map.entry(SPF_RESULTS, "SPF checks of transactions at MAIL FROM, by result (none, neutral, pass, fail, "
                    + "softfail, temperror, permerror)"),
            Map.entry(CALLOUT_RESULTS, "Reverse Connect answers at MAIL FROM, by result (accepted, refused, "
                    + "null-sender-refused, temporary, unreachable, timeout, dns-failure, no-mail-host, busy, cached-accepted, "
                    + "cached-refused)"),
            Map.entry(CALLOUT_DURATION, "how long each Reverse Connect to the Return-Path's MX hosts took, by result"),
            Map.entry(RULES_ACTIONS, "rule actions taken, by action (reject, discard, redirect, add-recipients, "
                    + "add-header, tag-subject, stop, execute)"),
            Map.entry(RULES_PROGRAM_RUNS, "external programs of rules run, by outcome (accept, add-header, reject, "
                    + "discard, failed, timed-out, busy)"),
            Map.entry(RULES_PROGRAM_DURATION, "how long rules' external programs took, from the request to the answer"),
            Map.entry(BLOCKING_EVENTS, "events temporary blocking counted against an address, by kind (failed-login, "
                    + "protocol-error, spam-trap)"),
            Map.entry(BLOCKING_EXEMPT, "events not counted because the address is never blocked, by kind (loopback, "
                    + "local, trusted-proxy, white-hole, unblockable)"),
            Map.entry(BLOCKING_ADDED, "entries this node added to a temporary list, by list (blocked, unblockable, "
                    + "debug) and reason (failed-logins, protocol-errors, login-name, spam-trap, prefix, login, admin)"),
            Map.entry(BLOCKING_FULL, "addresses not added to a temporary list because it held its limit, by list"),
            Map.entry(BLOCKING_ENTRIES, "entries on each temporary list now, in the whole cluster (this member's "
                    + "replica), by list"),
            Map.entry(BLOCKING_SESSIONS_ENDED, "open SMTP sessions this node ended with 421 because their address was "
                    + "just blocked"));

    /** Histogram buckets: a short fixed list, so a series costs a dozen lines, not seventy. */
    private static final Duration[] DELIVERY_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
            10, 30, 60);
    private static final Duration[] SESSION_BUCKETS = seconds(0.1, 0.5, 1, 5, 10, 30, 60, 300);
    /** The TLS versions the listeners allow; anything else a handshake names counts as {@code other}. */
    private static final String[] TLS_VERSIONS = {"TLSv1.3", "TLSv1.2"};

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter temporaryRefusals;
    private final Counter permanentRefusals;
    private final Timer sessionDuration;
    private final Timer programDuration;
    private final Counter[] tlsSucceeded = new Counter[TLS_VERSIONS.length + 1];
    private final Counter tlsFailed;
    private final Map<String, AtomicInteger> lastReload = new ConcurrentHashMap<>();

    public MoatMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Meters counted per message or session are made here, once, so counting allocates nothing.
        temporaryRefusals = counter(REFUSALS, "kind", "temporary");
        permanentRefusals = counter(REFUSALS, "kind", "permanent");
        sessionDuration = Timer.builder(SESSION_DURATION).description(DESCRIPTIONS.get(SESSION_DURATION))
                .serviceLevelObjectives(SESSION_BUCKETS).register(registry);
        for (int i = 0; i < TLS_VERSIONS.length; i++) {
            tlsSucceeded[i] = counter(TLS_HANDSHAKES, "version", TLS_VERSIONS[i], "outcome", "succeeded");
        }
        tlsSucceeded[TLS_VERSIONS.length] = counter(TLS_HANDSHAKES, "version", "other", "outcome", "succeeded");
        tlsFailed = counter(TLS_HANDSHAKES, "version", "none", "outcome", "failed");
        lastReload("server");
        lastReload("cluster");
        // Series with a known, short list of tag values exist from the start at 0, so that
        // rate() and increase() see their first event and dashboards show a line, not nothing.
        for (var layer : new String[] {"server", "cluster"}) {
            counter(SETTINGS_REJECTED, "layer", layer);
        }
        for (var result : new String[] {"succeeded", "failed"}) {
            counter(LOGINS, "result", result);
        }
        for (var kind : new String[] {"document", "temporary-client", "callout-result", "temporary-list"}) {
            counter(MAC_REFUSED, "kind", kind);
        }
        counter(TEMPORARY_CLIENTS_FULL);
        for (var list : BLOCKING_LISTS) {
            counter(BLOCKING_FULL, "list", list);
            for (var reason : new String[] {"failed-logins", "protocol-errors", "login-name", "spam-trap", "prefix",
                "login", "admin"}) {
                counter(BLOCKING_ADDED, "list", list, "reason", reason);
            }
        }
        for (var kind : new String[] {"failed-login", "protocol-error", "spam-trap"}) {
            counter(BLOCKING_EVENTS, "kind", kind);
        }
        counter(BLOCKING_SESSIONS_ENDED);
        for (var action : RULE_ACTIONS) {
            counter(RULES_ACTIONS, "action", action);
        }
        zeroes(CONNECTIONS, "outcome", "accepted", "too-many-total", "too-many-from-address");
        zeroes(PROTOCOL_ERRORS, "kind", "unknown-command", "bad-sequence", "syntax", "line-too-long",
                "bare-line-ending", "nul-octet");
        zeroes(PROXY, "outcome", "accepted", "local", "untrusted-peer", "malformed", "timeout");
        zeroes(LOGINS_BUSY, "reason", "queue-full", "address-busy");
        zeroes(DNS_CACHE, "result", "hit", "miss");
        zeroes(SPF_RESULTS, "result", "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror");
        zeroes(CALLOUT_RESULTS, "result", "accepted", "refused", "null-sender-refused", "temporary", "unreachable",
                "timeout", "dns-failure", "no-mail-host", "busy", "cached-accepted", "cached-refused");
        zeroes(BANNED_LINES_MATCHED, "list", "header", "body");
        zeroes(RULES_PROGRAM_RUNS, "outcome", "accept", "add-header", "reject", "discard", "failed", "timed-out", "busy");
        zeroes(BLOCKING_EXEMPT, "kind", "loopback", "local", "trusted-proxy", "white-hole", "unblockable");
        zeroes(MIGRATIONS, "outcome", "completed", "failed");
        programDuration = Timer.builder(RULES_PROGRAM_DURATION).description(DESCRIPTIONS.get(RULES_PROGRAM_DURATION))
                .serviceLevelObjectives(DELIVERY_BUCKETS).register(registry);
    }

    /** A rule took an action ({@code reject}, {@code execute}, ...). */
    public void rulesAction(String action) {
        counter(RULES_ACTIONS, "action", action).increment();
    }

    /** A rule's external program ended with {@code outcome} after {@code nanos}. */
    public void rulesProgram(String outcome, long nanos) {
        counter(RULES_PROGRAM_RUNS, "outcome", outcome).increment();
        programDuration.record(nanos, TimeUnit.NANOSECONDS);
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

    /** A check's decision in its mode; {@code action} is what the check decided, whatever the mode made of it. */
    public void decision(String check, String mode, String action) {
        counter(DECISIONS, "check", check, "mode", mode, "action", action).increment();
    }

    public void delivery(String mode, String result, Duration took) {
        var key = DELIVERY + mode + result;
        timers.computeIfAbsent(key, k -> Timer.builder(DELIVERY)
                .description(DESCRIPTIONS.get(DELIVERY))
                .tags("mode", mode, "result", result)
                .serviceLevelObjectives(DELIVERY_BUCKETS)
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
                .description(DESCRIPTIONS.get(SETTINGS_SERVER))
                .tag("version", version)
                .register(registry);
    }

    public void settingsRejected(String layer) {
        counter(SETTINGS_REJECTED, "layer", layer).increment();
        lastReload(layer).set(0);
    }

    public void clusterMembers(Supplier<Number> count) {
        gauge(CLUSTER_MEMBERS, count);
    }

    /**
     * A cluster-wide value of {@code kind} ({@code document}, {@code temporary-client},
     * {@code callout-result}) with a missing or wrong MAC.
     */
    public void macRefused(String kind) {
        counter(MAC_REFUSED, "kind", kind).increment();
    }

    public void temporaryClients(Supplier<Number> count) {
        gauge(TEMPORARY_CLIENTS, count);
    }

    public void temporaryClientsFull() {
        counter(TEMPORARY_CLIENTS_FULL).increment();
    }

    // ---- temporary blocking ---------------------------------------------------------------

    /** The temporary lists, the only values of the {@code list} tag. */
    private static final String[] BLOCKING_LISTS = {"blocked", "unblockable", "debug"};

    /** An event counted against an address ({@code failed-login}, {@code protocol-error}, {@code spam-trap}). */
    public void blockingEvent(String kind) {
        counter(BLOCKING_EVENTS, "kind", kind).increment();
    }

    /** An event not counted: the address is of a kind never blocked. */
    public void blockingExempt(String kind) {
        counter(BLOCKING_EXEMPT, "kind", kind).increment();
    }

    public void blockingAdded(String list, String reason) {
        counter(BLOCKING_ADDED, "list", list, "reason", reason).increment();
    }

    public void blockingFull(String list) {
        counter(BLOCKING_FULL, "list", list).increment();
    }

    public void blockingEntries(String list, Supplier<Number> count) {
        gauge(BLOCKING_ENTRIES, count, "list", list);
    }

    public void blockingSessionEnded() {
        counter(BLOCKING_SESSIONS_ENDED).increment();
    }

    // ---- DNS (the resolver and the RBL zones) --------------------------------------------

    /** DNS latency buckets: a loopback cache answers in 1 ms, a public list in 50 to 200 ms, a dead one never. */
    private static final Duration[] DNS_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(2)};

    /** One query's answer ({@code records}, {@code nxdomain}, {@code nodata}, {@code timeout}, {@code servfail}) and how long it took, tries included. */
    public void dnsQuery(String type, String outcome, Duration took) {
        timers.computeIfAbsent(DNS_QUERIES + type + outcome, k -> Timer.builder(DNS_QUERIES)
                .description(DESCRIPTIONS.get(DNS_QUERIES))
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

    /** One SPF check of a transaction; {@code result} is one of the seven words of RFC 7208 2.6. */
    public void spfResult(String result) {
        counter(SPF_RESULTS, "result", result).increment();
    }

    /** 1 while the zone passes its health tests, 0 while it is skipped as unhealthy; its error counts start at 0. */
    public void rblHealthy(String zone, Supplier<Number> healthy) {
        gauge(RBL_HEALTHY, healthy, "zone", zone);
        for (var kind : new String[] {"code", "outside", "test-point"}) {
            counter(RBL_ERRORS, "zone", zone, "kind", kind);
        }
    }

    // ---- Reverse Connect (the sender callout) ----------------------------------------------

    /** Callout buckets: a loopback MX answers in a few ms, a distant one in 100 to 500 ms, a silent one at the timeout. */
    private static final Duration[] CALLOUT_BUCKETS = seconds(0.01, 0.05, 0.25, 1, 5, 20);

    /** One answer of Reverse Connect at MAIL FROM, from a callout or from the cluster's results. */
    public void calloutResult(String result) {
        counter(CALLOUT_RESULTS, "result", result).increment();
    }

    /** A callout made (not answered from the cache) ended with {@code result} after {@code took}. */
    public void calloutDuration(String result, Duration took) {
        timers.computeIfAbsent(CALLOUT_DURATION + result, k -> Timer.builder(CALLOUT_DURATION)
                .description(DESCRIPTIONS.get(CALLOUT_DURATION))
                .tags("result", result)
                .serviceLevelObjectives(CALLOUT_BUCKETS)
                .register(registry)).record(took);
    }

    /** {@code moat_build_info{version}}: which Moat this node runs. */
    public void buildInfo(String version) {
        io.micrometer.core.instrument.Gauge.builder(BUILD_INFO, () -> 1).description(DESCRIPTIONS.get(BUILD_INFO))
                .tag("version", version).register(registry);
    }

    /** A reply went to an SMTP client: 4xx counts as a temporary refusal, 5xx as a permanent one. */
    public void reply(int code) {
        if (code >= 500) {
            permanentRefusals.increment();
        } else if (code >= 400) {
            temporaryRefusals.increment();
        }
    }

    /** An SMTP session that had started ended after {@code nanos}. */
    public void sessionDuration(long nanos) {
        sessionDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A TLS handshake on an SMTP listener ended: with the protocol it agreed, or failed. */
    public void tlsHandshake(String protocol, boolean succeeded) {
        if (!succeeded) {
            tlsFailed.increment();
            return;
        }
        int i = 0;
        while (i < TLS_VERSIONS.length && !TLS_VERSIONS[i].equals(protocol)) {
            i++;
        }
        tlsSucceeded[i].increment();
    }

    /** A new version of a settings layer ({@code server}, {@code cluster}) was applied. */
    public void settingsApplied(String layer) {
        lastReload(layer).set(1);
    }

    /** Cluster health from the member's partition service, read when scraped. */
    public void clusterHealth(BooleanSupplier clusterSafe, BooleanSupplier localMemberSafe, BooleanSupplier migrating) {
        gauge(CLUSTER_SAFE, () -> clusterSafe.getAsBoolean() ? 1 : 0);
        gauge(LOCAL_MEMBER_SAFE, () -> localMemberSafe.getAsBoolean() ? 1 : 0);
        gauge(MIGRATING, () -> migrating.getAsBoolean() ? 1 : 0);
    }

    /** A partition replica migration ended, {@code completed} or failed. */
    public void migration(boolean completed) {
        counter(MIGRATIONS, "outcome", completed ? "completed" : "failed").increment();
    }

    /** A message was refused because one of its lines matched a line of {@code list} ({@code header} or {@code body}). */
    public void bannedLineMatched(String list) {
        counter(BANNED_LINES_MATCHED, "list", list).increment();
    }

    /** The entries of shared map {@code map}, read when scraped. */
    public void mapEntries(String map, Supplier<Number> entries) {
        gauge(MAP_ENTRIES, entries, "map", map);
    }

    /** The next-hop pool, read when scraped: connections in use (busy or opening) and idle, waiting transactions. */
    public void handOffPool(Supplier<Number> inUse, Supplier<Number> idle, Supplier<Number> waiting) {
        gauge(POOL_CONNECTIONS, inUse, "state", "in-use");
        gauge(POOL_CONNECTIONS, idle, "state", "idle");
        gauge(POOL_WAITING, waiting);
    }

    /** The spool, read when scraped: its messages and the oldest one's age in seconds. */
    public void spoolBacklog(Supplier<Number> files, Supplier<Number> oldestSeconds) {
        gauge(SPOOL_FILES, files);
        io.micrometer.core.instrument.Gauge.builder(SPOOL_OLDEST, oldestSeconds)
                .description(DESCRIPTIONS.get(SPOOL_OLDEST)).baseUnit("seconds").strongReference(true)
                .register(registry);
    }

    private AtomicInteger lastReload(String layer) {
        return lastReload.computeIfAbsent(layer, l -> {
            var value = new AtomicInteger(1);
            gauge(SETTINGS_RELOAD, value::get, "layer", l);
            return value;
        });
    }

    private static Duration[] seconds(double... values) {
        var out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    /** A gauge that holds its supplier strongly (registry.gauge would let a lambda be collected). */
    private void gauge(String name, Supplier<Number> value, String... tags) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(DESCRIPTIONS.get(name)).tags(tags)
                .strongReference(true).register(registry);
    }

    /** Makes the counter {@code name} at 0 for each of the values of its one tag {@code tag}. */
    private void zeroes(String name, String tag, String... values) {
        for (var value : values) {
            counter(name, tag, value);
        }
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
