package dev.moat.smtp;

import dev.moat.delivery.NextHops;
import dev.moat.delivery.Transaction;
import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.router.Router;
import dev.moat.rules.RulesCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The recipients rules name ({@code redirect}, {@code add-recipients}), put into the hand-off
 * at the end of DATA exactly as a client's RCPT would be: each routed by the Router, then given
 * to the next hop its route names only when {@link NextHops} would have (a remote route needs its
 * can-relay marker or the session's own rights), so a rule never makes Moat an open relay. A
 * redirect aborts the transaction's hand-off and starts a new one holding only the rules'
 * recipients; added recipients join the transaction's own. A recipient the Router sends to
 * {@code null} or a spam trap is left out; any other that cannot be handed over (refused, no
 * next hop, another next hop than the transaction's) makes the message a {@code 451 4.3.0},
 * so nothing is lost and the administrator reads why in the decision record.
 */
final class RuleRecipients {
    /** The hand-off to send to and how many rule recipients it took; or the refusal and why. */
    record Outcome(Transaction handOff, int added, Reply refusal, String reason) {
        boolean refused() {
            return refusal != null;
        }
    }

    private RuleRecipients() {
    }

    /** The rules' recipient effects among {@code effects}; none when no rule named any. */
    static List<Effect.RuleRecipients> of(List<Effect> effects) {
        List<Effect.RuleRecipients> found = new ArrayList<>(0);
        for (Effect effect : effects) {
            if (effect instanceof Effect.RuleRecipients r) {
                found.add(r);
            }
        }
        return found;
    }

    /** Whether some rule redirected the message: the envelope's recipients are then replaced. */
    static boolean replaces(List<Effect.RuleRecipients> effects) {
        return effects.stream().anyMatch(Effect.RuleRecipients::replace);
    }

    /**
     * Hands the rules' recipients to {@code current} (added), or to a transaction from
     * {@code fresh} after aborting {@code current} (a redirect: then only the redirect's and
     * the added addresses go).
     */
    static CompletionStage<Outcome> apply(List<Effect.RuleRecipients> effects, Transaction current,
            Supplier<Transaction> fresh, Router router, NextHops nextHops, CheckContext facts) {
        boolean replace = replaces(effects);
        List<String> addresses = new ArrayList<>();
        for (Effect.RuleRecipients effect : effects) {
            addresses.addAll(effect.addresses());
        }
        Transaction target = current;
        if (replace) {
            current.abort();
            target = fresh.get();
        }
        return next(addresses, 0, 0, target, router, nextHops, facts);
    }

    private static CompletionStage<Outcome> next(List<String> addresses, int index, int added, Transaction target,
            Router router, NextHops nextHops, CheckContext facts) {
        if (index == addresses.size()) {
            return CompletableFuture.completedFuture(new Outcome(target, added, null, ""));
        }
        String address = addresses.get(index);
        Route route = router.route(address);
        if (route.outcome() == Route.Outcome.DISCARD || route.outcome() == Route.Outcome.SPAMTRAP) {
            return next(addresses, index + 1, added, target, router, nextHops, facts);
        }
        MailPath path = MailPath.parse("<" + address + ">", false).path();
        NextHops.Decision decision = nextHops.decide(facts, new Recipient(path, route));
        if (!decision.delivers()) {
            target.abort();
            return CompletableFuture.completedFuture(new Outcome(null, added, RulesCheck.TRY_LATER,
                    "rule recipient " + address + ": " + decision.describe()));
        }
        return target.addRecipient(decision.hop(), decision.envelope()).thenCompose(reply -> {
            if (!reply.isPositive()) {
                target.abort();
                return CompletableFuture.completedFuture(new Outcome(null, added, RulesCheck.TRY_LATER,
                        "rule recipient " + address + " refused by the next hop: " + reply.lines().get(0)));
            }
            return next(addresses, index + 1, added + 1, target, router, nextHops, facts);
        });
    }
}
