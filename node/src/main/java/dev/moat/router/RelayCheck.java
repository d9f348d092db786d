package dev.moat.router;

import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The Router and the relay decision for one recipient (chapter: "Relaying Rerouted Messages",
 * "Restrictions for Roaming Users", "Spam Traps"). The recipient is routed; an {@code error}
 * target or a loop is refused; {@code spamtrap} and {@code null} targets are accepted without
 * revealing anything and kept from the next hop (the spam trap refuses the message at DATA);
 * a local account passes. An address that leaves the local domains passes only when it
 * carries the can-relay marker, or the client is a Client or Temporary Client, or the user
 * authenticated as an account whose Relay service is enabled; otherwise {@code 550 5.7.1}. Routes hidden in local parts ({@code %},
 * {@code !}, quoted {@code @}) are unwrapped by the Router first, so Moat is never an open relay.
 */
public final class RelayCheck implements ImmediateCheck {
    public static final String NAME = "relay";
    /** The name of the verdicts the Router itself gives (error targets, loops). */
    public static final String ROUTER = "router";
    private static final Reply DENIED = Reply.permanent(550, "5.7.1", "Relaying denied");
    private static final Reply LOOP = Reply.permanent(550, "5.4.6", "Routing loop detected");

    private final Predicate<String> userMayRelay;

    /** {@code userMayRelay}: whether an authenticated user's Relay service is on (the directory's answer). */
    public RelayCheck(Predicate<String> userMayRelay) {
        this.userMayRelay = userMayRelay;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        Recipient recipient = context.recipient().orElseThrow();
        if (recipient.path().isBarePostmaster()) {
            return Verdict.pass(); // RFC 5321 4.5.1: always accepted, and it is ours.
        }
        Route route = recipient.route();
        return switch (route.outcome()) {
            case LOCAL -> Verdict.pass();
            case ERROR -> Verdict.reject(ROUTER, Reply.permanent(550, "5.1.1",
                    route.errorText().isEmpty() ? "Address rejected" : route.errorText()), decidedBy(route),
                    routerRecord(route, recipient.address()));
            case LOOP -> Verdict.reject(ROUTER, LOOP, "routing loop: " + route.address(),
                    new Match.Other("router", "loop", "routing loop: " + recipient.address() + " -> " + route.address()));
            case SPAMTRAP, DISCARD -> Verdict.pass(ROUTER, decidedBy(route),
                    List.of(new Effect.KeepFromNextHop(route.outcome().name().toLowerCase(Locale.ROOT))));
            case REMOTE -> relay(context, recipient, route);
        };
    }

    private Verdict relay(CheckContext context, Recipient recipient, Route route) {
        if (route.canRelay()) {
            return Verdict.pass(NAME, "can-relay marker: " + decidedBy(route), List.of());
        }
        if (mayRelayOnOwnRights(context, userMayRelay)) {
            return Verdict.pass(NAME, context.classification().status().isClient()
                    ? "client address may relay" : "authenticated user may relay", List.of());
        }
        var user = context.authenticatedUser();
        String who = user.map(u -> "; account " + u + " has its Relay service disabled").orElse("");
        String via = route.address().equalsIgnoreCase(recipient.address()) ? "" : " (routed to " + route.address() + ")";
        String why = recipient.address() + via + " is not in a local domain and has no"
                + " can-relay marker; client is " + context.classification().status().label() + who;
        return Verdict.reject(NAME, DENIED, why, new Match.Other("relay", "", why));
    }

    /**
     * Whether the session may relay on its own rights, whatever the route: a Client or
     * Temporary Client address, or a user who authenticated with the Relay service on.
     */
    public static boolean mayRelayOnOwnRights(CheckContext context, Predicate<String> userMayRelay) {
        if (context.classification().status().isClient()) {
            return true;
        }
        var user = context.authenticatedUser();
        return user.isPresent() && userMayRelay.test(user.get());
    }

    /** The Router record that decided {@code address}'s route, as the verdict's match. */
    static Match routerRecord(Route route, String address) {
        return new Match.RouterRecord(route.lastRecord().orElse("(no record: " + route.outcome().name()
                .toLowerCase(Locale.ROOT) + ")"), address);
    }

    /** The last record the Router applied, for the verdict's reason. */
    private static String decidedBy(Route route) {
        String outcome = route.outcome().name().toLowerCase(Locale.ROOT);
        return route.lastRecord().map(record -> outcome + " by " + record).orElse(outcome + ": " + route.address());
    }
}
