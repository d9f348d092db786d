package dev.moat.dns;

import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.policy.SpfResult;
import dev.moat.policy.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SPF at MAIL FROM (the chapter: "use SPF DNS records to check that messages with the
 * specified Return-Path can come from the sender's network address"; RFC 7208), after the
 * Return-Path checks: every input (client address, HELO, MAIL FROM) is known there, so a
 * refusal comes before any recipient or data is sent. The null sender is judged by its HELO
 * name. Clients, Temporary Clients and authenticated sessions are not judged. By the {@link
 * SpfPolicy}: a fail (and in {@code reject-softfail} a softfail) gets {@code 550 5.7.23} with
 * the domain's explanation, a temperror {@code 451 4.7.24}, a permerror {@code 550 5.7.24}
 * when configured (RFC 7372 codes); every result not refused passes with {@code Received-SPF:}
 * and {@code Authentication-Results:} to add and the result kept for what follows. A verdict
 * is made once for its inputs and the outcome the evaluator kept for them, so a busy sender's
 * repeat check builds no header text.
 */
public final class SpfCheck implements Check {
    public static final String NAME = "spf";
    private static final int MAX_EXPLANATION = 300;

    private final SpfEvaluator evaluator;
    private final SpfPolicy policy;
    private final String hostName;
    private final MoatMetrics metrics;
    /** The verdicts made, by their inputs, each with the outcome it was made of; emptied when full. */
    private final Map<Inputs, Made> made = new ConcurrentHashMap<>();
    static final int MADE_VERDICTS = 10_000;

    private record Inputs(IpAddress client, String mailFrom, String helo) {
    }

    private record Made(SpfOutcome outcome, Verdict verdict) {
    }

    /** {@code hostName}: this node's name, the receiver of {@code Received-SPF:} and the authserv-id. */
    public SpfCheck(DnsResolver resolver, SpfPolicy policy, String hostName) {
        this.evaluator = new SpfEvaluator(resolver, hostName);
        this.policy = policy;
        this.hostName = hostName;
        this.metrics = resolver.metrics();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        if (context.authenticatedUser().isPresent() || context.classification().status().isClient()) {
            return CompletableFuture.completedFuture(Verdict.pass());
        }
        MailPath sender = context.sender().orElseThrow();
        String mailFrom = sender.isNull() ? "" : sender.address();
        String helo = context.heloName().orElse("");
        return evaluator.evaluate(context.clientAddress(), mailFrom, helo).thenApply(outcome -> {
            metrics.spfResult(outcome.result().word());
            return verdictOf(context.clientAddress(), outcome, mailFrom, helo);
        });
    }

    /** The verdict made before for the same inputs when the evaluator answered the same kept outcome, else a new one. */
    private Verdict verdictOf(IpAddress client, SpfOutcome outcome, String mailFrom, String helo) {
        var inputs = new Inputs(client, mailFrom, helo);
        Made before = made.get(inputs);
        if (before != null && before.outcome() == outcome) {
            return before.verdict();
        }
        Verdict verdict = verdict(client, outcome, mailFrom, helo);
        if (made.size() >= MADE_VERDICTS) {
            made.clear();
        }
        made.put(inputs, new Made(outcome, verdict));
        return verdict;
    }

    private Verdict verdict(IpAddress client, SpfOutcome outcome, String mailFrom, String helo) {
        String who = mailFrom.isEmpty() ? "HELO " + helo : "MAIL FROM " + mailFrom;
        String reason = "SPF " + outcome.result().word() + " for " + who + " from " + client
                + " (" + (outcome.problem().isEmpty() ? outcome.mechanism() : outcome.problem()) + ")";
        SpfResult result = outcome.result();
        if (result == SpfResult.TEMPERROR && policy.defersTemperror()) {
            return Verdict.reject(NAME, Reply.temporary(451, "4.7.24", "The SPF record of " + safe(outcome.domain())
                    + " could not be checked now (DNS), try again later"), reason);
        }
        if (policy.refuses()) {
            if (result == SpfResult.FAIL || (result == SpfResult.SOFTFAIL && policy.mode() == SpfPolicy.Mode.REJECT_SOFTFAIL)) {
                return Verdict.reject(NAME, Reply.permanent(550, "5.7.23", refusal(outcome, client)), reason);
            }
            if (result == SpfResult.PERMERROR && policy.permerror() == SpfPolicy.Permerror.REJECT) {
                return Verdict.reject(NAME, Reply.permanent(550, "5.7.24", "The SPF record of " + safe(outcome.domain())
                        + " is broken: " + safe(outcome.problem())), reason);
            }
        }
        String identity = mailFrom.isEmpty() ? "helo" : "mailfrom";
        return Verdict.pass(NAME, reason, List.of(
                new Effect.AddHeader("Received-SPF", SpfHeaders.receivedSpf(outcome, hostName, client,
                        mailFrom, helo, identity)),
                new Effect.AddHeader("Authentication-Results", SpfHeaders.authenticationResults(outcome, hostName,
                        mailFrom, helo)),
                new Effect.SpfChecked(result)));
    }

    /** RFC 7208 8.4: the domain's explanation when it gave one, else words of our own. */
    private static String refusal(SpfOutcome outcome, IpAddress client) {
        String text = "SPF of " + safe(outcome.domain()) + " does not allow " + client + " to send its mail";
        return outcome.explanation().map(e -> text + ": " + safe(e)).orElse(text);
    }

    private static String safe(String text) {
        String printable = SpfHeaders.safe(text);
        return printable.length() > MAX_EXPLANATION ? printable.substring(0, MAX_EXPLANATION) : printable;
    }
}
