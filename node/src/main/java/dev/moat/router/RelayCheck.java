package dev.moat.router;

import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Verdict;
import dev.moat.smtp.MailPath;
import dev.moat.smtp.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Relay protection (chapter: "Restrictions for Roaming Users", "Relaying Rerouted Messages"):
 * a recipient outside the local domains is accepted only from a Client or Temporary Client
 * address or an authenticated user. A local-domain recipient whose local part still holds a
 * route ({@code %}, {@code !}, or a quoted {@code @}) is a relay attempt through the next hop
 * and is judged the same way, so Moat is never an open relay.
 */
public final class RelayCheck implements Check {
    public static final String NAME = "relay";
    private static final Reply DENIED = Reply.permanent(550, "5.7.1", "Relaying denied");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        return CompletableFuture.completedFuture(judge(context));
    }

    private Verdict judge(CheckContext context) {
        MailPath recipient = context.recipient().orElseThrow();
        if (recipient.isBarePostmaster()) {
            return Verdict.pass(); // RFC 5321 4.5.1: always accepted, and it is ours.
        }
        boolean local = context.settings().isLocalDomain(recipient.domain());
        boolean routed = recipient.hasRouteInLocalPart();
        if (local && !routed) {
            return Verdict.pass();
        }
        if (context.classification().status().isClient()) {
            return Verdict.pass(NAME, "client address may relay", java.util.List.of());
        }
        if (context.authenticatedUser().isPresent()) {
            return Verdict.pass(NAME, "authenticated user may relay", java.util.List.of());
        }
        String why = local
                ? "local part of " + recipient.address() + " holds a route"
                : recipient.domain() + " is not a local domain";
        return Verdict.reject(NAME, DENIED, why + "; client is " + context.classification().status().label());
    }
}
