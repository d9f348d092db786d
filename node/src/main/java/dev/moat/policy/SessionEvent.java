package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Objects;

/**
 * Something a session did that protection counts against its client address (NOTES,
 * "Temporary blocking": failed logins, protocol errors, spam-trap hits) or in its favour (a
 * successful login). Delivered to one {@link SessionEvents} listener.
 */
public sealed interface SessionEvent {

    /** The address the event counts against: the sender's, after the PROXY header. */
    IpAddress client();

    /** The session it happened in, as its refusals and logs name it. */
    String sessionReference();

    /** An SMTP protocol error: unknown or out-of-order command, bad syntax, over-long line, bare CR or LF. */
    record ProtocolViolation(IpAddress client, ProtocolError error, String sessionReference) implements SessionEvent {
        public ProtocolViolation {
            Objects.requireNonNull(error, "error");
        }
    }

    /** An AUTH that failed, under the name the client gave. */
    record LoginFailed(IpAddress client, String user, String sessionReference) implements SessionEvent {
    }

    /** An AUTH that succeeded, under the account's canonical name. */
    record LoginSucceeded(IpAddress client, String user, String sessionReference) implements SessionEvent {
    }

    /**
     * A message had a recipient (the one given) routed to {@code spamtrap}. Reported only for addresses that
     * may be blocked for it: never for Client or White Hole addresses (chapter, "Spam Traps").
     */
    record SpamTrapHit(IpAddress client, String sessionReference, String recipient) implements SessionEvent {
        public SpamTrapHit {
            recipient = recipient == null ? "" : recipient;
        }

        /** A hit whose recipient is not told. */
        public SpamTrapHit(IpAddress client, String sessionReference) {
            this(client, sessionReference, "");
        }
    }
}
