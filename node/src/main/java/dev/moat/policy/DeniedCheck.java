package dev.moat.policy;

import dev.moat.mail.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Denied addresses (chapter: "Blacklisting Offenders", its pointer to Denied Addresses; NOTES
 * "Temporary blocking", last sentence): refused at connection time, before the greeting, with
 * {@code 554 5.7.1} in its place and the connection closed at once. A 554 tells a real mail
 * server the refusal is permanent, so it bounces instead of retrying for days as it would
 * after a silent close; closing without waiting for QUIT keeps a denied host from holding a
 * session.
 */
public final class DeniedCheck implements Check {
    public static final String NAME = "denied";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        Classification classification = context.classification();
        if (classification.status() != AddressStatus.DENIED) {
            return CompletableFuture.completedFuture(Verdict.pass());
        }
        String host = context.settings().server().smtp().hostName();
        return CompletableFuture.completedFuture(Verdict.disconnect(NAME,
                Reply.permanent(554, "5.7.1", host + " Access denied"), classification.reason().describe()));
    }
}
