package dev.moat;

import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the events protection counts, until temporary blocking consumes them: logins and
 * spam-trap hits at INFO (an administrator wants to see them), protocol errors at DEBUG (they
 * are common). Logs the name a failed login gave, never what it sent as a password.
 */
final class LoggingEvents implements SessionEvents {
    private static final Logger log = LoggerFactory.getLogger("moat.events");

    @Override
    public void on(SessionEvent event) {
        if (event instanceof SessionEvent.ProtocolViolation e) {
            log.debug("session {} client {} protocol error {}", e.sessionReference(), e.client(), e.error());
        } else if (event instanceof SessionEvent.LoginFailed e) {
            log.info("session {} client {} failed login as {}", e.sessionReference(), e.client(), e.user());
        } else if (event instanceof SessionEvent.LoginSucceeded e) {
            log.info("session {} client {} logged in as {}", e.sessionReference(), e.client(), e.user());
        } else if (event instanceof SessionEvent.SpamTrapHit e) {
            log.info("session {} client {} sent to a spam trap", e.sessionReference(), e.client());
        }
    }
}
