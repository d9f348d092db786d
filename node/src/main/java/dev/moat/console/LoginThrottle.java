package dev.moat.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows token guessing at the login form without holding a thread: after {@link #FREE} failed
 * logins from one address within {@link #WINDOW}, each further failure shuts that address out
 * for twice as long as the last (1 s, 2 s, 4 s ... at most {@link #LONGEST}); a login tried
 * while shut out is refused at once, unchecked, with the time left. A successful login clears
 * the address. At most {@link #MAX_ADDRESSES} addresses are remembered; beyond that those
 * whose window has passed are forgotten first, then the rest share one record, so a flood from
 * many addresses slows everybody rather than growing memory. Thread-safe.
 */
final class LoginThrottle {
    static final int FREE = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LONGEST = Duration.ofMinutes(5);
    static final int MAX_ADDRESSES = 10_000;
    private static final String OTHERS = "(other addresses)";

    private final Clock clock;
    private final Map<String, Record> addresses = new ConcurrentHashMap<>();

    private static final class Record {
        Instant first;
        int failures;
        Instant lockedUntil = Instant.MIN;
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must still wait before a login is checked; zero when it may try now. */
    Duration wait(String address) {
        Record record = addresses.get(key(address));
        if (record == null) {
            return Duration.ZERO;
        }
        synchronized (record) {
            Duration left = Duration.between(clock.instant(), record.lockedUntil);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    void failed(String address) {
        Instant now = clock.instant();
        Record record = addresses.computeIfAbsent(key(address), a -> new Record());
        synchronized (record) {
            if (record.first == null || now.isAfter(record.first.plus(WINDOW))) {
                record.first = now;
                record.failures = 0;
            }
            record.failures++;
            if (record.failures > FREE) {
                long seconds = Math.min(LONGEST.toSeconds(), 1L << Math.min(20, record.failures - FREE - 1));
                record.lockedUntil = now.plusSeconds(seconds);
            }
        }
    }

    void succeeded(String address) {
        addresses.remove(address);
    }

    private String key(String address) {
        if (addresses.containsKey(address) || addresses.size() < MAX_ADDRESSES) {
            return address;
        }
        Instant now = clock.instant();
        addresses.entrySet().removeIf(e -> e.getValue().first != null && now.isAfter(e.getValue().first.plus(WINDOW))
                && now.isAfter(e.getValue().lockedUntil));
        return addresses.size() < MAX_ADDRESSES ? address : OTHERS;
    }
}
