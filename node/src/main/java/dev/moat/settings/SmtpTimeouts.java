package dev.moat.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's timeouts of {@code smtp.timeouts}: waiting for the next command (RFC 5321
 * 4.5.3.2.7, at least 5 minutes there; shorter here only for tests) and for the next block of
 * message data (4.5.3.2.5 and 4.5.3.2.6).
 */
public record SmtpTimeouts(Duration command, Duration data) {
    public SmtpTimeouts {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
    }

    static SmtpTimeouts read(MappingReader r) {
        return new SmtpTimeouts(
                r.duration("command", Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofDays(1)),
                r.duration("data", Duration.ofMinutes(3), Duration.ofMillis(1), Duration.ofDays(1)));
    }
}
