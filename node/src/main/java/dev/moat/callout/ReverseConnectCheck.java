package dev.moat.callout;

import dev.moat.mail.MailPath;
import dev.moat.mail.Route;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Verdict;
import dev.moat.settings.CalloutSection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Reverse Connect at MAIL FROM (the chapter: "the SMTP module makes a connection to the server
 * that receives E-mail for this Return-Path address ... If the server rejects this address, the
 * SMTP module rejects the supplied Return-Path address, too"), after the Return-Path checks. It
 * asks nothing for the null sender, a path without a domain or with an address-literal domain,
 * an authenticated session, a Client or Temporary Client connection, or an address the Router
 * knows (a local account, or one a record rewrites); for every other sender {@link Callouts}
 * decides. One per settings snapshot, on the node's one {@code Callouts}.
 */
public final class ReverseConnectCheck implements Check {
    public static final String NAME = "reverse-connect";

    private final Callouts callouts;
    private final CalloutSection settings;
    private final Function<String, Route> router;
    private final String heloName;

    /** {@code router}: the snapshot's routing; {@code heloName}: what this node says in EHLO. */
    public ReverseConnectCheck(Callouts callouts, CalloutSection settings, Function<String, Route> router,
            String heloName) {
        this.callouts = callouts;
        this.settings = settings;
        this.router = router;
        this.heloName = heloName;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        MailPath sender = context.sender().orElseThrow();
        if (sender.isNull() || sender.domain().isEmpty() || sender.isAddressLiteral()
                || context.authenticatedUser().isPresent() || context.classification().status().isClient()) {
            return CompletableFuture.completedFuture(Verdict.pass());
        }
        Route route = router.apply(sender.address());
        if (route.outcome() == Route.Outcome.LOCAL || route.lastRecord().isPresent()) {
            return CompletableFuture.completedFuture(Verdict.pass());
        }
        return callouts.verify(sender, settings, heloName);
    }
}
