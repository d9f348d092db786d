package dev.moat.delivery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names spool files {@code <yyyyMMddHHmmssSSS>-<random>-<counter>.eml}: the UTC time sorts
 * them by arrival, the counter keeps them apart within one process, and 48 random bits drawn
 * at start keep them apart across processes and nodes that share nothing.
 */
final class SpoolNames {

    static final String SUFFIX = ".eml";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final String origin;
    private final AtomicLong counter = new AtomicLong();

    SpoolNames(Clock clock) {
        this.clock = clock;
        var bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        this.origin = HexFormat.of().formatHex(bytes);
    }

    /** The time a spool name begins with, or empty for a name of another form. */
    static Optional<Instant> timeOf(String name) {
        if (name.length() < 17) {
            return Optional.empty();
        }
        try {
            return Optional.of(STAMP.parse(name.substring(0, 17), Instant::from));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    String next() {
        return STAMP.format(clock.instant()) + "-" + origin + "-" + counter.incrementAndGet() + SUFFIX;
    }
}
