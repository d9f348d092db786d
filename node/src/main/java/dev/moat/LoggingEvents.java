package dev.moat;

import dev.moat.net.IpAddress;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the events protection counts, until temporary blocking consumes them: failed logins at
 * INFO (an administrator wants to see them), protocol errors at DEBUG (they are common).
 */
final class LoggingEvents implements SessionEvents {
    private static final Logger log = LoggerFactory.getLogger("moat.events");

    @Override
    public void protocolError(IpAddress client, ProtocolError error, String ref) {
        log.debug("session {} client {} protocol error {}", ref, client, error);
    }

    @Override
    public void loginFailed(IpAddress client, String user, String ref) {
        log.info("session {} client {} failed login as {}", ref, client, user);
    }

    @Override
    public void spamTrap(IpAddress client, String ref) {
        log.info("session {} client {} sent to a spam trap", ref, client);
    }

    @Override
    public void loginSucceeded(IpAddress client, String user, String ref) {
        log.info("session {} client {} logged in as {}", ref, client, user);
    }
}
