package dev.moat.dns;

import static dev.moat.policy.SpfResult.NEUTRAL;
import static dev.moat.policy.SpfResult.NONE;
import static dev.moat.policy.SpfResult.PERMERROR;
import static dev.moat.policy.SpfResult.TEMPERROR;

import dev.moat.dns.SpfRecord.Mechanism;
import dev.moat.net.IpAddress;
import dev.moat.policy.SpfResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One evaluation of RFC 7208's {@code check_host()}, with the state the RFC's limits need
 * across every record it reads (includes and redirects share it): at most 10 terms that ask
 * DNS, at most 2 void lookups, at most 10 MX names (more is a permerror) and 10 PTR names
 * (the rest ignored). Mechanisms are evaluated in order, each step a completion of the
 * resolver's answer, so nothing ever waits on a thread. It notes the lowest TTL left of every
 * answer it reads ({@link #keepFor()}), so that its outcome can be kept as long as those answers
 * are. Not thread-safe by itself: its steps run one after another.
 */
final class SpfRun {
    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_NAMES = 10;

    /** A mechanism's step: it matched, it did not, or the evaluation ends with an error. */
    private record Step(boolean matched, SpfOutcome error) {
        static final Step MATCH = new Step(true, null);
        static final Step NO_MATCH = new Step(false, null);
    }

    private final DnsResolver resolver;
    private final SpfIdentity identity;
    private final Function<String, SpfRecord.Parsed> parser;
    private int dnsTerms;
    private int voidLookups;
    private CompletionStage<SpfReverseNames> reverse;
    /** The lowest TTL left of the answers read so far; an MX's host lookups may complete on another thread. */
    private final AtomicLong lifetime = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean keepable = true;

    /** {@code parser}: {@link SpfRecord#parse}, or a cache of its results. */
    SpfRun(DnsResolver resolver, SpfIdentity identity, Function<String, SpfRecord.Parsed> parser) {
        this.resolver = resolver;
        this.identity = identity;
        this.parser = parser;
    }

    /** check_host(ip, domain, sender) of RFC 7208 section 4. */
    CompletionStage<SpfOutcome> checkHost(String domain) {
        String d = SpfNames.withoutDot(domain);
        Optional<Name> name = SpfNames.valid(d) ? SpfNames.toName(d) : Optional.empty();
        if (name.isEmpty()) {
            return done(SpfOutcome.error(NONE, d, "not a domain name SPF can check"));
        }
        return ask(name.get(), Type.TXT).thenCompose(answer -> {
            if (SpfNames.failed(answer)) {
                return done(SpfOutcome.error(TEMPERROR, d, "the SPF record could not be looked up: " + answer.outcome()));
            }
            List<String> records = new ArrayList<>();
            for (String text : SpfNames.texts(answer)) {
                if (SpfRecord.isSpf(text)) {
                    records.add(text);
                }
            }
            if (records.isEmpty()) {
                return done(SpfOutcome.error(NONE, d, "no SPF record"));
            }
            if (records.size() > 1) {
                return done(SpfOutcome.error(PERMERROR, d, "more than one SPF record"));
            }
            SpfRecord.Parsed parsed = parser.apply(records.get(0));
            if (parsed.error() != null) {
                return done(SpfOutcome.error(PERMERROR, d, "syntax error: " + parsed.error()));
            }
            return evaluate(parsed.record(), d, 0);
        });
    }

    private CompletionStage<SpfOutcome> evaluate(SpfRecord record, String domain, int from) {
        List<Mechanism> mechanisms = record.mechanisms();
        for (int i = from; i < mechanisms.size(); i++) {
            Mechanism m = mechanisms.get(i);
            if (!m.queriesDns()) {
                if (matchesHere(m)) {
                    return matched(record, domain, m);
                }
                continue;
            }
            if (++dnsTerms > MAX_DNS_TERMS) {
                return done(SpfOutcome.error(PERMERROR, domain, "more than " + MAX_DNS_TERMS + " terms that query DNS"));
            }
            int next = i + 1;
            return step(m, domain).thenCompose(step -> step.error() != null ? done(step.error())
                    : step.matched() ? matched(record, domain, m) : evaluate(record, domain, next));
        }
        if (record.redirect().isEmpty()) {
            return done(SpfOutcome.of(NEUTRAL, domain, "default"));
        }
        if (++dnsTerms > MAX_DNS_TERMS) {
            return done(SpfOutcome.error(PERMERROR, domain, "more than " + MAX_DNS_TERMS + " terms that query DNS"));
        }
        return expand(record.redirect().get(), domain).thenCompose(target -> checkHost(target)).thenApply(outcome ->
                outcome.result() == NONE ? SpfOutcome.error(PERMERROR, outcome.domain(),
                        "redirect= to a domain without SPF record") : outcome);
    }

    private boolean matchesHere(Mechanism m) {
        IpAddress ip = identity.ip();
        return switch (m.kind()) {
            case ALL -> true;
            case IP4 -> ip.isIpv4() && SpfNames.within(ip, m.network(), 96 + m.cidr4());
            case IP6 -> !ip.isIpv4() && SpfNames.within(ip, m.network(), m.cidr6());
            default -> throw new IllegalStateException("asks DNS: " + m.kind());
        };
    }

    /** The result of a matching mechanism; a fail carries the record's explanation (RFC 7208 6.2). */
    private CompletionStage<SpfOutcome> matched(SpfRecord record, String domain, Mechanism m) {
        SpfResult result = switch (m.qualifier()) {
            case '-' -> SpfResult.FAIL;
            case '~' -> SpfResult.SOFTFAIL;
            case '?' -> NEUTRAL;
            default -> SpfResult.PASS;
        };
        SpfOutcome outcome = SpfOutcome.of(result, domain, m.text());
        if (result != SpfResult.FAIL || record.explanation().isEmpty()) {
            return done(outcome);
        }
        return explain(record.explanation().get(), domain).thenApply(outcome::explained);
    }

    private CompletionStage<Step> step(Mechanism m, String domain) {
        CompletionStage<String> target = m.domain().isPresent() ? expand(m.domain().get(), domain) : done(domain);
        return target.thenCompose(name -> switch (m.kind()) {
            case INCLUDE -> checkHost(name).thenApply(SpfRun::included);
            case A -> SpfNames.toName(name).map(n -> addresses(n).thenApply(answer -> addressStep(answer, m)))
                    .orElseGet(() -> done(Step.NO_MATCH));
            case MX -> SpfNames.toName(name).map(n -> mx(n, m)).orElseGet(() -> done(Step.NO_MATCH));
            case PTR -> reverse().thenApply(names -> ptrStep(names, name));
            case EXISTS -> SpfNames.toName(name).map(n -> ask(n, Type.A).thenApply(answer ->
                    answer instanceof DnsAnswer.Records ? Step.MATCH : other(answer, name)))
                    .orElseGet(() -> done(Step.NO_MATCH));
            default -> throw new IllegalStateException("asks no DNS: " + m.kind());
        });
    }

    /** include: pass matches; fail, softfail, neutral do not; temperror stays; permerror and none are permerrors. */
    private static Step included(SpfOutcome inner) {
        return switch (inner.result()) {
            case PASS -> Step.MATCH;
            case FAIL, SOFTFAIL, NEUTRAL -> Step.NO_MATCH;
            case TEMPERROR -> new Step(false, inner);
            default -> new Step(false, SpfOutcome.error(PERMERROR, inner.domain(), "include: " + (inner.result() == NONE
                    ? "the included domain has no SPF record" : inner.problem())));
        };
    }

    private CompletionStage<DnsAnswer> addresses(Name name) {
        return ask(name, identity.ip().isIpv4() ? Type.A : Type.AAAA);
    }

    private Step addressStep(DnsAnswer answer, Mechanism m) {
        if (!(answer instanceof DnsAnswer.Records records)) {
            return other(answer, m.text());
        }
        return SpfNames.anyWithin(records, identity.ip(), m.cidr4(), m.cidr6()) ? Step.MATCH : Step.NO_MATCH;
    }

    private CompletionStage<Step> mx(Name name, Mechanism m) {
        return ask(name, Type.MX).thenCompose(answer -> {
            if (!(answer instanceof DnsAnswer.Records records)) {
                return done(other(answer, m.text()));
            }
            if (records.records().size() > MAX_NAMES) {
                return done(new Step(false, SpfOutcome.error(PERMERROR, name.toString(true),
                        m.text() + ": more than " + MAX_NAMES + " MX names")));
            }
            List<CompletableFuture<DnsAnswer>> hosts = new ArrayList<>();
            for (Record record : records.records()) {
                hosts.add(addresses(((MXRecord) record).getTarget()).toCompletableFuture());
            }
            return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new)).thenApply(all -> {
                boolean failed = false;
                for (var host : hosts) {
                    DnsAnswer address = host.join();
                    if (address instanceof DnsAnswer.Records found
                            && SpfNames.anyWithin(found, identity.ip(), m.cidr4(), m.cidr6())) {
                        return Step.MATCH;
                    }
                    failed |= SpfNames.failed(address);
                }
                return failed ? new Step(false, SpfOutcome.error(TEMPERROR, name.toString(true),
                        m.text() + ": an MX host's address could not be looked up")) : Step.NO_MATCH;
            });
        });
    }

    private Step ptrStep(SpfReverseNames names, String target) {
        if (names.isVoid()) {
            return voidLookup(target);
        }
        return names.hasWithin(target) ? Step.MATCH : Step.NO_MATCH;
    }

    /** A negative answer counts as a void lookup (RFC 7208 4.6.4); a failure is a temperror. */
    private Step other(DnsAnswer answer, String what) {
        if (SpfNames.failed(answer)) {
            return new Step(false, SpfOutcome.error(TEMPERROR, what, what + ": DNS answered " + answer.outcome()));
        }
        return voidLookup(what);
    }

    private Step voidLookup(String what) {
        if (++voidLookups > MAX_VOID_LOOKUPS) {
            return new Step(false, SpfOutcome.error(PERMERROR, what, "more than " + MAX_VOID_LOOKUPS + " void lookups"));
        }
        return Step.NO_MATCH;
    }

    /** The client's validated reverse names, looked up once per evaluation (ptr and %{p}). */
    private CompletionStage<SpfReverseNames> reverse() {
        if (reverse == null) {
            keepable = false;
            reverse = SpfReverseNames.lookUp(resolver, identity.ip(), MAX_NAMES);
        }
        return reverse;
    }

    /** A domain-spec expanded for a query: no final dot, cut from the left to 253 characters (RFC 7208 7.3). */
    private CompletionStage<String> expand(SpfMacro macro, String domain) {
        CompletionStage<String> validated = macro.usesValidatedName()
                ? reverse().thenApply(names -> names.preferred(domain)) : done("");
        return validated.thenApply(p -> SpfNames.truncated(SpfNames.withoutDot(macro.expand(identity, domain, p))));
    }

    /** The explanation of exp= (RFC 7208 6.2): one TXT record, a valid explain-string; otherwise none. */
    private CompletionStage<String> explain(SpfMacro exp, String domain) {
        return expand(exp, domain).thenCompose(target -> SpfNames.toName(target)
                .map(name -> ask(name, Type.TXT).thenCompose(answer -> {
                    List<String> texts = SpfNames.texts(answer);
                    Optional<SpfMacro> text = texts.size() == 1 ? SpfMacro.parse(texts.get(0), true) : Optional.empty();
                    if (text.isEmpty()) {
                        return done((String) null);
                    }
                    SpfMacro macro = text.get();
                    if (macro.usesTime()) {
                        keepable = false;
                    }
                    return macro.usesValidatedName()
                            ? reverse().thenApply(names -> macro.expand(identity, domain, names.preferred(domain)))
                            : done(macro.expand(identity, domain, ""));
                }))
                .orElseGet(() -> done(null)));
    }

    /** One question to the resolver, its answer's TTL noted. */
    private CompletionStage<DnsAnswer> ask(Name name, int type) {
        return resolver.query(name, type).thenApply(answer -> {
            lifetime.accumulateAndGet(answer.ttlSeconds(), Math::min);
            return answer;
        });
    }

    /**
     * How many seconds the outcome may be kept for the same inputs: the lowest TTL left of the
     * answers it read, 0 when one was a failure (never cached), when it read none, or when it
     * depends on more than its inputs and those answers (the reverse names, which {@code ptr}
     * and {@code %{p}} read through their own lookups, or the time an explanation quotes).
     */
    long keepFor() {
        long seconds = lifetime.get();
        return !keepable || seconds == Long.MAX_VALUE ? 0 : seconds;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
