package dev.moat.router;

import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.AddressStatus;
import dev.moat.policy.CheckContext;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.Match;
import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Verdict;

/**
 * Spam traps (chapter: "Spam Traps"): at DATA, when any recipient of the message is routed to
 * {@code spamtrap}, the whole message is refused with {@code 554 5.7.1}, so no recipient gets
 * it, and a spam-trap event is reported for the client address, unless the address is a Client
 * or a White Hole (those are never blocked for it). The recipients were accepted at RCPT like
 * any other, so a trap does not reveal itself before.
 */
public final class SpamTrapCheck implements ImmediateCheck {
    public static final String NAME = "spamtrap";
    private static final Reply REFUSED = Reply.permanent(554, "5.7.1", "Message refused by policy");

    private final SessionEvents events;

    public SpamTrapCheck(SessionEvents events) {
        this.events = events;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        for (Recipient recipient : context.recipients()) {
            Route route = recipient.route();
            if (route.outcome() == Route.Outcome.SPAMTRAP) {
                AddressStatus status = context.classification().status();
                boolean exempt = status == AddressStatus.CLIENT || status == AddressStatus.WHITE_HOLE;
                if (!exempt) {
                    events.on(new SessionEvent.SpamTrapHit(context.clientAddress(), context.sessionReference(),
                            recipient.address()));
                }
                return Verdict.reject(NAME, REFUSED, "recipient " + recipient.address() + " is a spam trap ("
                        + route.lastRecord().orElse("the name spamtrap") + "); client is " + status.label()
                        + (exempt ? ", not reported" : ", reported"), new Match.RouterRecord(
                        route.lastRecord().orElse("the name spamtrap"), recipient.address()));
            }
        }
        return Verdict.pass();
    }
}
