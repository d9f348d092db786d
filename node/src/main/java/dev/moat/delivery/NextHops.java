package dev.moat.delivery;

import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.CheckContext;
import dev.moat.router.RelayCheck;
import dev.moat.settings.DeliveryMode;
import dev.moat.settings.DeliverySection;
import dev.moat.settings.EffectiveSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which next hop each recipient goes to, and as what address, from the route the Router gave
 * it (one settings snapshot's {@code delivery} section): a local recipient goes to
 * {@code delivery.next-hop}; a remote one to the host of {@code delivery.next-hops} its route
 * names, else, when the session relays on its own rights (a Client, a Temporary Client, a user
 * with the Relay service), to {@code delivery.relay-host} ({@code next-hop} when unset). A remote
 * route relayed only by its can-relay marker to a host in no map is refused with {@code 550 5.4.4}:
 * mail is never sent somewhere by guess, and Moat looks up no MX records. The address handed over
 * is the {@link RoutedEnvelope}. In relay mode a transaction goes to one server only.
 */
public final class NextHops {
    private static final Reply DENIED = Reply.permanent(550, "5.7.1", "Relaying denied");

    private final boolean onePerTransaction;
    private final NextHop local;
    private final NextHop relayHost;
    private final Map<String, NextHop> named = new LinkedHashMap<>();
    private final String mainDomain;
    private final Predicate<String> userMayRelay;

    /** What becomes of one recipient: the next hop and the address it receives, or a refusal, or neither. */
    public record Decision(NextHop hop, String envelope, Reply refusal, String reason) {
        public Decision {
            Objects.requireNonNull(reason, "reason");
        }

        public boolean delivers() {
            return hop != null;
        }

        public boolean refused() {
            return refusal != null;
        }

        /** {@code partner.example (delivery.next-hops: 127.0.0.1:2526) as <u@partner.example>}, or why none. */
        public String describe() {
            if (delivers()) {
                return hop + " as <" + envelope + ">";
            }
            return refused() ? "refused with " + refusal.lines().get(0) + ": " + reason : "none: " + reason;
        }
    }

    public NextHops(DeliverySection delivery, String mainDomain, Predicate<String> userMayRelay) {
        this.onePerTransaction = delivery.mode() == DeliveryMode.RELAY;
        this.local = new NextHop(NextHop.LOCAL, "delivery.next-hop", delivery.nextHop());
        this.relayHost = delivery.relayHost()
                .map(hop -> new NextHop(NextHop.RELAY_HOST, "delivery.relay-host", Optional.of(hop)))
                .orElse(new NextHop(NextHop.RELAY_HOST, "delivery.next-hop", delivery.nextHop()));
        delivery.nextHops().forEach((host, hop) ->
                named.put(host, new NextHop(host, "delivery.next-hops", Optional.of(hop))));
        this.mainDomain = Objects.requireNonNull(mainDomain, "mainDomain");
        this.userMayRelay = Objects.requireNonNull(userMayRelay, "userMayRelay");
    }

    /** The next hops of a snapshot; its main domain is the first of the server's {@code local-domains}. */
    public static NextHops of(EffectiveSettings settings) {
        return new NextHops(settings.server().delivery(),
                settings.server().localDomains().stream().findFirst().orElse("localhost"), settings.directory()::mayRelay);
    }

    /** Whether a transaction may hold recipients of one server only (relay mode; a spool file takes any). */
    public boolean onePerTransaction() {
        return onePerTransaction;
    }

    /** The decision for a recipient of the session {@code context}. */
    public Decision decide(CheckContext context, Recipient recipient) {
        return decide(recipient.address(), recipient.route(),
                RelayCheck.mayRelayOnOwnRights(context, userMayRelay));
    }

    /**
     * The decision for an address as {@code received}, routed to {@code route}, from a sender
     * that relays on its own rights or not.
     */
    public Decision decide(String received, Route route, boolean ownRights) {
        switch (route.outcome()) {
            case LOCAL:
                return deliver(local, received, route, "local");
            case REMOTE:
                break;
            case SPAMTRAP:
                return new Decision(null, null, null, "a spam trap: kept from every next hop");
            case DISCARD:
                return new Decision(null, null, null, "routed to null: discarded");
            default:
                return new Decision(null, null, null, "refused by the Router");
        }
        if (!route.canRelay() && !ownRights) {
            return new Decision(null, null, DENIED, "not local and no can-relay marker");
        }
        NextHop hop = named.get(route.host());
        if (hop != null) {
            return deliver(hop, received, route, "host " + route.host() + " is in delivery.next-hops");
        }
        if (ownRights) {
            return deliver(relayHost, received, route, "remote, relayed on the sender's own rights");
        }
        return new Decision(null, null,
                Reply.permanent(550, "5.4.4", "No route to host " + route.host()),
                "the route names host " + route.host() + ", which no delivery.next-hops entry names;"
                        + " only Clients and users with Relay go to the relay host");
    }

    private Decision deliver(NextHop hop, String received, Route route, String why) {
        Optional<String> envelope = RoutedEnvelope.of(received, route, mainDomain);
        if (envelope.isEmpty()) {
            return new Decision(null, null, Reply.permanent(550, "5.1.3", "Routed address is not a valid mailbox"),
                    received + " routed to " + route.address() + ", which is no mailbox to hand on");
        }
        return new Decision(hop, envelope.get(), null, why);
    }
}
