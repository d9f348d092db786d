package dev.moat.dns;

import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.policy.SpfResult;
import dev.moat.policy.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SPF at MAIL FROM (the chapter: "use SPF DNS records to check that messages with the
 * specified Return-Path can come from the sender's network address"; RFC 7208), after the
 * Return-Path checks: every input (client address, HELO, MAIL FROM) is known there, so a
 * refusal comes before any recipient or data is sent. The null sender is judged by its HELO
 * name. Clients, Temporary Clients and authenticated sessions are not judged. By the {@link
 * SpfPolicy}: a fail (and in {@code reject-softfail} a softfail) gets {@code 550 5.7.23} with
 * the domain's explanation, a temperror {@code 451 4.7.24}, a permerror {@code 550 5.7.24}
 * when configured (RFC 7372 codes); every result not refused passes with {@code Received-SPF:}
 * and {@code Authentication-Results:} to add and the result kept for what follows.
 */
public final class SpfCheck implements Check {
    public static final String NAME = "spf";
    private static final int MAX_EXPLANATION = 300;

    private final SpfEvaluator evaluator;
    private final SpfPolicy policy;
    private final String hostName;
    private final MoatMetrics metrics;

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
            return verdict(context, outcome, mailFrom, helo);
        });
    }

    private Verdict verdict(CheckContext context, SpfOutcome outcome, String mailFrom, String helo) {
        String who = mailFrom.isEmpty() ? "HELO " + helo : "MAIL FROM " + mailFrom;
        String reason = "SPF " + outcome.result().word() + " for " + who + " from " + context.clientAddress()
                + " (" + (outcome.problem().isEmpty() ? outcome.mechanism() : outcome.problem()) + ")";
        SpfResult result = outcome.result();
        if (result == SpfResult.TEMPERROR && policy.defersTemperror()) {
            return Verdict.reject(NAME, Reply.temporary(451, "4.7.24", "The SPF record of " + safe(outcome.domain())
                    + " could not be checked now (DNS), try again later"), reason);
        }
        if (policy.refuses()) {
            if (result == SpfResult.FAIL || (result == SpfResult.SOFTFAIL && policy.mode() == SpfPolicy.Mode.REJECT_SOFTFAIL)) {
                return Verdict.reject(NAME, Reply.permanent(550, "5.7.23", refusal(outcome, context)), reason);
            }
            if (result == SpfResult.PERMERROR && policy.permerror() == SpfPolicy.Permerror.REJECT) {
                return Verdict.reject(NAME, Reply.permanent(550, "5.7.24", "The SPF record of " + safe(outcome.domain())
                        + " is broken: " + safe(outcome.problem())), reason);
            }
        }
        String identity = mailFrom.isEmpty() ? "helo" : "mailfrom";
        return Verdict.pass(NAME, reason, List.of(
                new Effect.AddHeader("Received-SPF", SpfHeaders.receivedSpf(outcome, hostName, context.clientAddress(),
                        mailFrom, helo, identity)),
                new Effect.AddHeader("Authentication-Results", SpfHeaders.authenticationResults(outcome, hostName,
                        mailFrom, helo)),
                new Effect.SpfChecked(result)));
    }

    /** RFC 7208 8.4: the domain's explanation when it gave one, else words of our own. */
    private static String refusal(SpfOutcome outcome, CheckContext context) {
        String text = "SPF of " + safe(outcome.domain()) + " does not allow " + context.clientAddress() + " to send its mail";
        return outcome.explanation().map(e -> text + ": " + safe(e)).orElse(text);
    }

    private static String safe(String text) {
        String printable = SpfHeaders.safe(text);
        return printable.length() > MAX_EXPLANATION ? printable.substring(0, MAX_EXPLANATION) : printable;
    }
}
