package dev.moat.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Failed logins: five free, then each failure doubles the wait, per address; a success clears it. */
class LoginThrottleTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void fiveFailuresAreFreeThenTheWaitDoublesUpToFiveMinutes() {
        var throttle = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            throttle.failed("192.0.2.7");
        }
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.7"));
        throttle.failed("192.0.2.7");
        assertEquals(Duration.ofSeconds(1), throttle.wait("192.0.2.7"));
        throttle.failed("192.0.2.7");
        assertEquals(Duration.ofSeconds(2), throttle.wait("192.0.2.7"));
        for (int i = 0; i < 20; i++) {
            throttle.failed("192.0.2.7");
        }
        assertEquals(Duration.ofMinutes(5), throttle.wait("192.0.2.7"));
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.8"), "another address is not slowed");

        clock.advance(Duration.ofMinutes(5));
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.7"));
    }

    @Test
    void aSuccessClearsTheAddressAndAnOldWindowIsForgotten() {
        var throttle = new LoginThrottle(clock);
        for (int i = 0; i < 6; i++) {
            throttle.failed("192.0.2.7");
        }
        throttle.succeeded("192.0.2.7");
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.7"));

        for (int i = 0; i < 5; i++) {
            throttle.failed("192.0.2.9");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        throttle.failed("192.0.2.9");
        assertEquals(Duration.ZERO, throttle.wait("192.0.2.9"), "the five before fell out of the window");
    }
}
