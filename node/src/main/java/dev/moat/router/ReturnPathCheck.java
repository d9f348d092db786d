package dev.moat.router;

import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.CheckContext;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;

/**
 * Return-Path verification, the Router part (chapter: "Return-Path Address Verification"):
 * a Return-Path without a domain is refused, and so is one the Router sends to {@code error}
 * ({@code spammer.example = error}, {@code <promo*@company.example> = error}). The null path
 * {@code <>} passes. The DNS checks that follow skip addresses the Router knows: see
 * {@link #knownToTheRouter}.
 */
public final class ReturnPathCheck implements ImmediateCheck {
    public static final String NAME = "return-path";
    private static final Reply NO_DOMAIN = Reply.permanent(553, "5.1.7", "The Return-Path must have a domain");

    private final Router router;

    public ReturnPathCheck(Router router) {
        this.router = router;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        MailPath sender = context.sender().orElseThrow();
        if (sender.isNull()) {
            return Verdict.pass();
        }
        if (sender.domain().isEmpty()) {
            return Verdict.reject(NAME, NO_DOMAIN, "Return-Path " + sender.address() + " has no domain",
                    new Match.Other("return-path", "no-domain", "Return-Path " + sender.address() + " has no domain"));
        }
        Route route = router.route(sender.address());
        if (route.outcome() == Route.Outcome.ERROR || route.outcome() == Route.Outcome.LOOP) {
            String text = route.errorText().isEmpty() ? "Sender address rejected" : route.errorText();
            return Verdict.reject(NAME, Reply.permanent(553, "5.7.1", text), "Return-Path routed to error"
                    + route.lastRecord().map(r -> " by " + r).orElse(""), RelayCheck.routerRecord(route, sender.address()));
        }
        return Verdict.pass();
    }

    /**
     * Whether the Router knows {@code route}'s address (a local account, or an address a record
     * rewrote): such Return-Paths skip the DNS checks, as the chapter says.
     */
    public static boolean knownToTheRouter(Route route) {
        return route.outcome() == Route.Outcome.LOCAL || route.lastRecord().isPresent();
    }
}
