package dev.moat.smtp;

import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every session event as a line of text, for assertions. */
final class RecordingEvents implements SessionEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void on(SessionEvent event) {
        if (event instanceof SessionEvent.ProtocolViolation e) {
            events.add("protocol-error " + e.client() + " " + e.error());
        } else if (event instanceof SessionEvent.LoginFailed e) {
            events.add("login-failed " + e.client() + " " + e.user());
        } else if (event instanceof SessionEvent.LoginSucceeded e) {
            events.add("login-succeeded " + e.client() + " " + e.user());
        } else if (event instanceof SessionEvent.SpamTrapHit e) {
            events.add("spam-trap " + e.client());
        }
    }
}
