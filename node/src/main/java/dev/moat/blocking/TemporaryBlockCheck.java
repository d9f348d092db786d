package dev.moat.blocking;

import dev.moat.mail.Reply;
import dev.moat.policy.AddressStatus;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Classification;
import dev.moat.policy.ImmediateCheck;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;

/**
 * Temporarily Blocked addresses are refused at connection time (NOTES, "Temporary blocking"
 * and the status order: after Denied), with a {@code 554 5.7.1} greeting that says why and
 * until when, and the connection closed at once. A 554 greeting rather than a silent close:
 * the operator of a blocked mail server reads the reason and the expiry in its log, while its
 * mail is not lost, since a sending MTA that meets a 5xx greeting tries another exchanger or
 * later (Postfix's {@code smtp_skip_5xx_greeting}, on by default) rather than bouncing, and a
 * close tells nobody anything; both cost the same one write.
 */
public final class TemporaryBlockCheck implements ImmediateCheck {
    public static final String NAME = "temporary-block";

    private final String hostName;

    public TemporaryBlockCheck(String hostName) {
        this.hostName = hostName;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        Classification classification = context.classification();
        if (classification.status() != AddressStatus.TEMPORARILY_BLOCKED) {
            return Verdict.pass();
        }
        String why = classification.reason().describe();
        return Verdict.disconnect(NAME, Reply.permanent(554, "5.7.1", hostName + " Access denied: your address is "
                + why + "; try again later"), why, new Match.Other(NAME, "", why));
    }
}
