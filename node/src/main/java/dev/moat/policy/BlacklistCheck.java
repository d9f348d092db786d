package dev.moat.policy;

import dev.moat.mail.Reply;
import java.util.List;

/**
 * Mail from Blacklisted addresses (chapter: "Blacklisting Offenders", "Processing Messages from
 * Blacklisted Addresses"): the connection is accepted, but in {@code reject} mode every
 * recipient gets {@code 550 5.7.1} naming why (the chapter's "@blacklisted" suffix on every
 * recipient); in {@code add-header} mode each recipient passes with the configured header as
 * an effect, {@code ^0} the RBL server (empty for the lists) and {@code ^1} the client
 * address, and the session adds it once to the message. An authenticated user passes: the
 * lists judge hosts, and a user's login outranks the host's reputation, as it does for relaying.
 */
public final class BlacklistCheck implements ImmediateCheck {
    public static final String NAME = "blacklist";

    private final BlacklistedProcessing processing;

    public BlacklistCheck(BlacklistedProcessing processing) {
        this.processing = processing;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(CheckContext context) {
        Classification classification = context.classification();
        if (classification.status() != AddressStatus.BLACKLISTED) {
            return Verdict.pass();
        }
        String why = classification.reason().describe();
        if (context.authenticatedUser().isPresent()) {
            return Verdict.pass(NAME, "authenticated user; the address is " + why, List.of());
        }
        String rbl = classification.reason().rblServer();
        String client = context.clientAddress().toString();
        return switch (processing.action()) {
            case REJECT -> Verdict.reject(NAME, Reply.permanent(550, "5.7.1",
                    "Mail from " + client + " refused: the address is blacklisted" + (rbl.isEmpty() ? "" : " by " + rbl)
                    + (classification.reason().rblText().isEmpty() ? "" : ": " + classification.reason().rblText())),
                    why, Match.of(classification.reason()));
            case ADD_HEADER -> Verdict.pass(NAME, why, List.of(new Effect.AddHeader(
                    processing.header().name(), processing.header().render(rbl, client))),
                    Match.of(classification.reason()));
        };
    }
}
