package dev.moat.delivery;

import dev.moat.mail.Recipient;
import dev.moat.policy.CheckContext;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;

/**
 * The next hop of each recipient, decided at RCPT after the relay decision (see
 * {@link NextHops}): a route to a host no setting names is refused with {@code 550 5.4.4}, a
 * routed address that is no mailbox with {@code 550 5.1.3}; and, since a before-queue front
 * says 250 only once its next hop has the message, a message cannot be split safely across two
 * servers: a recipient whose next hop is another server than that of the recipients accepted
 * before it gets {@code 452 4.5.3}, which a client answers by sending it in a later transaction
 * (RFC 5321 4.5.3.1.10). Recipients kept from every next hop (spam traps, {@code null}) pass.
 */
public final class NextHopCheck implements ImmediateCheck {
    public static final String NAME = "next-hops";

    private final NextHops hops;

    public NextHopCheck(NextHops hops) {
        this.hops = hops;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        Recipient recipient = context.recipient().orElseThrow();
        NextHops.Decision decision = hops.decide(context, recipient);
        if (decision.refused()) {
            String why = recipient.address() + ": " + decision.reason();
            return Verdict.reject(NAME, decision.refusal(), why, new Match.Other("next-hop", "", why));
        }
        if (!decision.delivers() || !hops.onePerTransaction()) {
            return Verdict.pass();
        }
        for (Recipient before : context.recipients()) {
            NextHops.Decision first = hops.decide(context, before);
            if (first.delivers()) {
                if (first.hop().sameServerAs(decision.hop())) {
                    return Verdict.pass();
                }
                return Verdict.reject(NAME, Replies.OTHER_NEXT_HOP, recipient.address() + " goes to next hop " + decision.hop() + ", this transaction to "
                                + first.hop() + " (with " + before.address() + "): one next hop per transaction",
                        new Match.Other("next-hop", "one-per-transaction", recipient.address() + " goes to "
                                + decision.hop() + ", the transaction to " + first.hop()));
            }
        }
        return Verdict.pass();
    }
}
