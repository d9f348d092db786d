package dev.moat.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Console sessions end when idle, when old, when the admin token changes, and the oldest goes when they are too many. */
class SessionsTest {
    private static final byte[] TOKEN = {1, 2, 3};
    private static final byte[] ROTATED = {1, 2, 4};
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Sessions sessions = new Sessions(clock);

    @Test
    void aSessionLivesWhileUsedAndEndsAfterItsIdleTime() {
        var session = sessions.create(TOKEN);
        assertNotEquals(session.id(), session.csrf());
        clock.advance(Sessions.IDLE.minusSeconds(1));
        assertTrue(sessions.find(session.id(), TOKEN).isPresent());
        clock.advance(Sessions.IDLE.minusSeconds(1));
        assertTrue(sessions.find(session.id(), TOKEN).isPresent(), "each request renews the idle time");
        clock.advance(Sessions.IDLE.plusSeconds(1));
        assertTrue(sessions.find(session.id(), TOKEN).isEmpty());
    }

    @Test
    void aSessionEndsAtItsLongestLifeHoweverBusy() {
        var session = sessions.create(TOKEN);
        for (Duration lived = Duration.ZERO; lived.compareTo(Sessions.LONGEST) < 0; lived = lived.plusMinutes(20)) {
            assertTrue(sessions.find(session.id(), TOKEN).isPresent());
            clock.advance(Duration.ofMinutes(20));
        }
        clock.advance(Duration.ofSeconds(1));
        assertTrue(sessions.find(session.id(), TOKEN).isEmpty());
    }

    @Test
    void aNewAdminTokenEndsEverySessionMadeWithTheOldOne() {
        var session = sessions.create(TOKEN);
        assertTrue(sessions.find(session.id(), ROTATED).isEmpty());
        assertTrue(sessions.find(session.id(), TOKEN).isEmpty(), "ended, not only refused once");
    }

    @Test
    void beyondTheLimitTheSessionIdleLongestEnds() {
        var oldest = sessions.create(TOKEN);
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < Sessions.MAX_SESSIONS; i++) {
            sessions.create(TOKEN);
        }
        clock.advance(Duration.ofSeconds(1));
        var newest = sessions.create(TOKEN);
        assertEquals(Sessions.MAX_SESSIONS, sessions.size());
        assertTrue(sessions.find(oldest.id(), TOKEN).isEmpty());
        assertTrue(sessions.find(newest.id(), TOKEN).isPresent());
    }
}
