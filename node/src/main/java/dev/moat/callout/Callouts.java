package dev.moat.callout;

import dev.moat.delivery.CalloutAnswer;
import dev.moat.delivery.CalloutClient;
import dev.moat.dns.MailHostAddresses;
import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.CalloutCache;
import dev.moat.policy.Verdict;
import dev.moat.settings.CalloutSection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's Reverse Connect, shared by every settings snapshot: for a Return-Path address it
 * answers from the cluster's remembered results ({@link CalloutCache}) when it can, else makes
 * one callout ({@link CalloutClient}) to the domain's mail servers ({@link MailHostAddresses})
 * and remembers a 2xx or 5xx answer for its lifetime. Requests for the same address while a
 * callout is out share it; at most {@code max-per-domain} callouts to one domain run at once,
 * and one more is answered {@code 451 4.7.1} at once (it does not wait). A 5xx to the RCPT
 * refuses ({@code 550 5.1.7}), and so does a domain DNS plainly says has no mail server to call
 * (the 5xx of {@code verify-return-path}: {@code 553 5.1.8}, or {@code 550 5.7.27} for a null MX),
 * since no callout could ever be made; every other failure is a 4xx. Each answer is counted in {@code
 * moat.callout.results}, each callout made timed in {@code moat.callout.duration}.
 */
public final class Callouts {
    static final String NAME = ReverseConnectCheck.NAME;
    static final Reply REFUSED = Reply.permanent(550, "5.1.7",
            "The Return-Path address was refused by its own mail server (Reverse Connect)");
    static final Reply UNVERIFIED = Reply.temporary(451, "4.4.3",
            "Cannot verify the Return-Path now: its mail server did not confirm it (Reverse Connect), try again later");
    static final Reply NULL_SENDER = Reply.temporary(451, "4.7.1",
            "Cannot verify the Return-Path: its mail server refuses the null sender <> (Reverse Connect), try again later");
    static final Reply BUSY = Reply.temporary(451, "4.7.1",
            "Too many Return-Path verifications for this domain at once (Reverse Connect), try again later");
    static final Reply DNS_FAILED = Reply.temporary(451, "4.4.3",
            "Cannot verify the Return-Path now (DNS did not answer), try again later");
    /** The replies of {@code verify-return-path} for the same DNS facts (dns.ReturnPathDnsCheck). */
    static final Reply NO_MAIL_HOST = Reply.permanent(553, "5.1.8",
            "The Return-Path domain cannot receive mail, so replies could not reach you");
    static final Reply NULL_MX = Reply.permanent(550, "5.7.27", "The Return-Path domain accepts no mail (null MX)");

    private final CalloutClient client;
    private final MailHostAddresses hosts;
    private final CalloutCache cache;
    private final MoatMetrics metrics;
    private final DomainSlots slots = new DomainSlots();
    private final Map<String, CompletableFuture<Verdict>> inFlight = new ConcurrentHashMap<>();

    public Callouts(CalloutClient client, MailHostAddresses hosts, CalloutCache cache, MoatMetrics metrics) {
        this.client = client;
        this.hosts = hosts;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** The verdict of Reverse Connect on {@code sender} (not the null path), under {@code settings}. */
    CompletionStage<Verdict> verify(MailPath sender, CalloutSection settings, String heloName) {
        String key = sender.localPart() + "@" + sender.domainLowerCase();
        // A callout under way is joined before the cache is asked: one that ends meanwhile has put
        // its result in the cache's local copy before it leaves inFlight, so either finds it.
        CompletableFuture<Verdict> running = inFlight.get(key);
        if (running != null) {
            return running;
        }
        return cache.get(key).thenCompose(remembered -> {
            if (remembered.isPresent()) {
                metrics.calloutResult(remembered.get() ? "cached-accepted" : "cached-refused");
                return CompletableFuture.completedFuture(remembered.get() ? Verdict.pass()
                        : Verdict.reject(NAME, REFUSED, "Return-Path " + key + " was refused by a callout within "
                                + "callout.refused-lifetime (remembered by the cluster)"));
            }
            CompletableFuture<Verdict> mine = new CompletableFuture<>();
            CompletableFuture<Verdict> shared = inFlight.putIfAbsent(key, mine);
            if (shared != null) {
                return shared;
            }
            callout(key, sender, settings, heloName).whenComplete((verdict, failure) -> {
                inFlight.remove(key, mine);
                if (failure != null) {
                    mine.completeExceptionally(failure);
                } else {
                    mine.complete(verdict);
                }
            });
            return mine;
        });
    }

    private CompletionStage<Verdict> callout(String key, MailPath sender, CalloutSection settings, String heloName) {
        String domain = sender.domainLowerCase();
        if (!slots.tryTake(domain, settings.maxPerDomain())) {
            metrics.calloutResult("busy");
            return CompletableFuture.completedFuture(Verdict.reject(NAME, BUSY, "Return-Path " + key + ": "
                    + settings.maxPerDomain() + " callouts to " + domain + " already under way (callout.max-per-domain)"));
        }
        long started = System.nanoTime();
        var options = new CalloutClient.Options(settings.port(), heloName, settings.connectTimeout(),
                settings.replyTimeout(), settings.totalTimeout());
        CompletionStage<Verdict> verdict = hosts.of(domain).thenCompose(found -> {
            if (found.dnsFailed()) {
                metrics.calloutResult("dns-failure");
                return CompletableFuture.completedFuture(Verdict.reject(NAME, DNS_FAILED, "Return-Path " + key
                        + ": its mail servers could not be looked up"));
            }
            if (found.addresses().isEmpty()) {
                metrics.calloutResult("no-mail-host");
                return CompletableFuture.completedFuture(found.nullMx()
                        ? Verdict.reject(NAME, NULL_MX, "Return-Path " + key + ": its domain has a null MX (RFC 7505)")
                        : Verdict.reject(NAME, NO_MAIL_HOST, "Return-Path " + key
                                + ": DNS says its domain has no mail server to call (no MX host with an address, no address)"));
            }
            return client.call(found.addresses(), sender.address(), options).thenApply(answer -> {
                metrics.calloutResult(answer.outcome().tag());
                metrics.calloutDuration(answer.outcome().tag(), Duration.ofNanos(System.nanoTime() - started));
                return judge(key, answer, settings);
            });
        });
        return verdict.whenComplete((v, failure) -> slots.release(domain));
    }

    private Verdict judge(String key, CalloutAnswer answer, CalloutSection settings) {
        String said = "Return-Path " + key + ": callout " + answer.outcome().tag()
                + (answer.host().isEmpty() ? "" : " at " + answer.host()) + " (" + answer.detail() + ")";
        return switch (answer.outcome()) {
            case ACCEPTED -> {
                cache.put(key, true, settings.acceptedLifetime());
                yield Verdict.pass();
            }
            case REFUSED -> {
                cache.put(key, false, settings.refusedLifetime());
                yield Verdict.reject(NAME, REFUSED, said);
            }
            case NULL_SENDER_REFUSED -> Verdict.reject(NAME, NULL_SENDER, said);
            case TEMPORARY, UNREACHABLE, TIMEOUT -> Verdict.reject(NAME, UNVERIFIED, said);
        };
    }

    /** Callouts under way now to {@code domain} on this node (for tests of the bound). */
    int running(String domain) {
        return slots.running(domain);
    }

    /** Addresses with a callout under way now. */
    int inFlight() {
        return inFlight.size();
    }
}
