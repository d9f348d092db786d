package dev.moat;

import dev.moat.policy.BlacklistCheck;
import dev.moat.policy.CheckRunner;
import dev.moat.policy.DeniedCheck;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Stage;
import dev.moat.policy.VerdictListener;
import dev.moat.router.RelayCheck;
import dev.moat.router.ReturnPathCheck;
import dev.moat.router.SpamTrapCheck;
import java.util.List;
import java.util.Map;

/**
 * The protection checks of every SMTP stage, in the order they run: this one method reads like
 * the data flow of {@code DESIGN.md}. Later checks slot in at their stage (temporary blocking
 * at connect, Return-Path at MAIL, the router at RCPT, spam traps, banned lines and rules for
 * the message).
 */
public final class Protections {
    private Protections() {
    }

    public static CheckRunner assemble(VerdictListener listener, SessionEvents events) {
        return new CheckRunner(Map.of(
                Stage.CONNECT, List.of(new DeniedCheck()),
                Stage.HELO, List.of(),
                Stage.MAIL, List.of(new ReturnPathCheck()),
                Stage.RCPT, List.of(new RelayCheck(), new BlacklistCheck()),
                Stage.DATA, List.of(new SpamTrapCheck(events)),
                Stage.MESSAGE, List.of()),
                listener);
    }
}
