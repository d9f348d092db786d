package dev.moat.console;

import dev.moat.admin.AdminTokenCheck;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions on this node, in memory: each has a random id (32 bytes from
 * {@link SecureRandom}, the cookie's value), its own random CSRF token that every form
 * carries, and the fingerprint of the admin token it logged in with. A session ends at
 * logout, after {@link #IDLE} without a request, {@link #LONGEST} after its login, or as soon
 * as the admin token changes (a rotation logs everybody out). At most {@link #MAX_SESSIONS}
 * live at once; a new login beyond that ends the one idle longest. Thread-safe.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LONGEST = Duration.ofHours(12);
    static final int MAX_SESSIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** One logged-in browser. Its flash message is shown once, on the next page. */
    static final class Session {
        private final String id;
        private final String csrf;
        private final byte[] token;
        private final Instant created;
        private volatile Instant lastSeen;
        private volatile String flash;

        private Session(String id, String csrf, byte[] token, Instant created) {
            this.id = id;
            this.csrf = csrf;
            this.token = token;
            this.created = created;
            this.lastSeen = created;
        }

        String id() {
            return id;
        }

        String csrf() {
            return csrf;
        }

        void flash(String message) {
            flash = message;
        }

        /** The flash message, once; empty afterwards. */
        String takeFlash() {
            String message = flash;
            flash = null;
            return message == null ? "" : message;
        }
    }

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for a browser that has just given the admin token whose fingerprint is {@code token}. */
    Session create(byte[] token) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(s -> s.lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id));
        }
        Session session = new Session(random(), random(), token.clone(), now);
        sessions.put(session.id, session);
        return session;
    }

    /** The live session of this id made with the admin token in force now ({@code token}); it counts as used. */
    Optional<Session> find(String id, byte[] token) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, now) || !AdminTokenCheck.same(session.token, token)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    void end(String id) {
        sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    private static boolean expired(Session session, Instant now) {
        return now.isAfter(session.lastSeen.plus(IDLE)) || now.isAfter(session.created.plus(LONGEST));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
