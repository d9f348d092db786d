package dev.moat.dns;

import dev.moat.net.IpAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SPF (RFC 7208) on the node's asynchronous resolver: {@link #evaluate} answers the result of
 * {@code check_host()} for a client address, a MAIL FROM and a HELO name, later, never blocking
 * and never throwing for anything DNS or a record says. The null sender is checked as
 * {@code postmaster@<HELO>} (RFC 7208 2.3, 4.3), a sender without a local part as
 * {@code postmaster@<domain>}. Every answer comes through the resolver's cache, so a domain
 * seen recently costs no query, and each record text is parsed once (a bounded cache), so it
 * costs no parsing either. An outcome is kept for its exact inputs (address, local part,
 * domain, HELO) as long as the answers it read have left to live (a bounded cache), so a busy
 * sender's next message costs one map lookup; outcomes that read a failure, the reverse names
 * or the time are never kept. Thread-safe; each evaluation has its own limits.
 */
public final class SpfEvaluator {
    private final DnsResolver resolver;
    private final String receiver;
    private final Clock clock;
    /** Parsed records by text; emptied when full, which only costs parsing again. */
    private final Map<String, SpfRecord.Parsed> parsed = new ConcurrentHashMap<>();
    static final int PARSED_RECORDS = 10_000;
    /** Outcomes by their inputs, each until the first answer it read expires; emptied when full. */
    private final Map<Inputs, Kept> outcomes = new ConcurrentHashMap<>();
    static final int KEPT_OUTCOMES = 10_000;

    private record Inputs(IpAddress ip, String local, String domain, String helo) {
    }

    private record Kept(SpfOutcome outcome, long expiresNanos) {
    }

    /** {@code receiver}: this node's host name, the {@code %{r}} of explanations. */
    public SpfEvaluator(DnsResolver resolver, String receiver) {
        this(resolver, receiver, Clock.systemUTC());
    }

    SpfEvaluator(DnsResolver resolver, String receiver, Clock clock) {
        this.resolver = resolver;
        this.receiver = receiver;
        this.clock = clock;
    }

    /** {@code mailFrom}: the MAIL FROM address without brackets, empty for the null sender {@code <>}. */
    public CompletionStage<SpfOutcome> evaluate(IpAddress ip, String mailFrom, String helo) {
        String heloName = helo == null ? "" : helo;
        int at = mailFrom.lastIndexOf('@');
        String local = at <= 0 ? "postmaster" : mailFrom.substring(0, at);
        String domain = mailFrom.isEmpty() ? heloName : at < 0 ? mailFrom : mailFrom.substring(at + 1);
        return checkHost(ip, local, domain, heloName);
    }

    /** check_host() for the HELO identity alone (RFC 7208 2.3): {@code postmaster@<helo>}. */
    public CompletionStage<SpfOutcome> evaluateHelo(IpAddress ip, String helo) {
        return checkHost(ip, "postmaster", helo, helo);
    }

    private CompletionStage<SpfOutcome> checkHost(IpAddress ip, String local, String domain, String helo) {
        var inputs = new Inputs(ip, local, domain, helo);
        Kept kept = outcomes.get(inputs);
        if (kept != null) {
            if (kept.expiresNanos() - System.nanoTime() > 0) {
                return CompletableFuture.completedFuture(kept.outcome());
            }
            outcomes.remove(inputs, kept);
        }
        var identity = new SpfIdentity(ip, local, domain, helo, receiver, clock.millis() / 1000);
        var run = new SpfRun(resolver, identity, this::parse);
        return run.checkHost(domain).thenApply(outcome -> {
            keep(inputs, outcome, run.keepFor());
            return outcome;
        });
    }

    private void keep(Inputs inputs, SpfOutcome outcome, long seconds) {
        if (seconds <= 0 || resolver.options().cacheSize() == 0) {
            return;
        }
        if (outcomes.size() >= KEPT_OUTCOMES) {
            outcomes.clear();
        }
        long lifetime = TimeUnit.SECONDS.toNanos(Math.min(seconds, DnsResolver.MAX_TTL));
        outcomes.put(inputs, new Kept(outcome, System.nanoTime() + lifetime));
    }

    private SpfRecord.Parsed parse(String text) {
        SpfRecord.Parsed known = parsed.get(text);
        if (known != null) {
            return known;
        }
        if (parsed.size() >= PARSED_RECORDS) {
            parsed.clear();
        }
        SpfRecord.Parsed fresh = SpfRecord.parse(text);
        parsed.put(text, fresh);
        return fresh;
    }
}
