package dev.moat;

import dev.moat.policy.CheckRunner;
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
 * the data flow of {@code DESIGN.md}. Later checks slot in at their stage (Denied and
 * temporary blocking at connect, Return-Path at MAIL, router and blacklist at RCPT, spam
 * traps, banned lines and rules for the message).
 */
final class Protections {
    private Protections() {
    }

    static CheckRunner assemble(VerdictListener listener, SessionEvents events) {
        return new CheckRunner(Map.of(
                Stage.CONNECT, List.of(),
                Stage.HELO, List.of(),
                Stage.MAIL, List.of(new ReturnPathCheck()),
                Stage.RCPT, List.of(new RelayCheck()),
                Stage.DATA, List.of(new SpamTrapCheck(events)),
                Stage.MESSAGE, List.of()),
                listener);
    }
}
