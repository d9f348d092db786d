package dev.moat.policy;

import java.util.List;

/**
 * Hears the {@link SessionEvent}s of every session: the log and the Temporary Client grant
 * now, the cluster's temporary blocking later. Called on a session's event loop:
 * implementations must not block.
 */
@FunctionalInterface
public interface SessionEvents {

    void on(SessionEvent event);

    /** Hears nothing: for connections counted against no one (a PROXY-protocol health check). */
    SessionEvents NONE = event -> { };

    /** Several listeners as one, called in order. */
    static SessionEvents all(SessionEvents... listeners) {
        List<SessionEvents> copy = List.of(listeners);
        return event -> {
            for (SessionEvents listener : copy) {
                listener.on(event);
            }
        };
    }
}
