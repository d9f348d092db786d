package dev.moat.policy;

import dev.moat.net.IpAddress;

/**
 * The events of a session that protection counts against the client address: protocol
 * errors, logins and spam-trap hits. One listener receives them all (metrics now; the temporary blocking of
 * the cluster later). Called on a session's event loop: implementations must not block.
 */
public interface SessionEvents {

    void protocolError(IpAddress client, ProtocolError error, String sessionReference);

    void loginFailed(IpAddress client, String user, String sessionReference);

    void loginSucceeded(IpAddress client, String user, String sessionReference);

    /** Hears nothing: for connections counted against no one (a PROXY-protocol health check). */
    SessionEvents NONE = all();
    /**
     * A message had a recipient routed to {@code spamtrap}. Reported only for addresses that
     * may be blocked for it: never for Client or White Hole addresses (chapter, "Spam Traps").
     */
    void spamTrap(IpAddress client, String sessionReference);

    /** Several listeners as one. */
    static SessionEvents all(SessionEvents... listeners) {
        var copy = listeners.clone();
        return new SessionEvents() {
            @Override
            public void protocolError(IpAddress client, ProtocolError error, String ref) {
                for (var l : copy) {
                    l.protocolError(client, error, ref);
                }
            }

            @Override
            public void loginFailed(IpAddress client, String user, String ref) {
                for (var l : copy) {
                    l.loginFailed(client, user, ref);
                }
            }

            @Override
            public void loginSucceeded(IpAddress client, String user, String ref) {
                for (var l : copy) {
                    l.loginSucceeded(client, user, ref);
                }
            }

            @Override
            public void spamTrap(IpAddress client, String ref) {
                for (var l : copy) {
                    l.spamTrap(client, ref);
                }
            }
        };
    }
}
