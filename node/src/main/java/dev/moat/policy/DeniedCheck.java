package dev.moat.policy;

import dev.moat.mail.Reply;

/**
 * Denied addresses (chapter: "Blacklisting Offenders", its pointer to Denied Addresses; NOTES
 * "Temporary blocking", last sentence): refused at connection time, before the greeting, with
 * {@code 554 5.7.1} in its place and the connection closed at once. A 554 tells a real mail
 * server the refusal is permanent, so it bounces instead of retrying for days as it would
 * after a silent close; closing without waiting for QUIT keeps a denied host from holding a
 * session.
 */
public final class DeniedCheck implements ImmediateCheck {
    public static final String NAME = "denied";

    private final Reply refusal;

    /** {@code hostName}: the node's SMTP name, which the refusal names as the greeting would. */
    public DeniedCheck(String hostName) {
        this.refusal = Reply.permanent(554, "5.7.1", hostName + " Access denied");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        Classification classification = context.classification();
        if (classification.status() != AddressStatus.DENIED) {
            return Verdict.pass();
        }
        return Verdict.disconnect(NAME, refusal, classification.reason().describe(), Match.of(classification.reason()));
    }
}
