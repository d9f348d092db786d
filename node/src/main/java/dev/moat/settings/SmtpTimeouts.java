package dev.moat.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's timeouts of {@code smtp.timeouts}: waiting for the next command (RFC 5321
 * 4.5.3.2.7, at least 5 minutes there; shorter here only for tests), for the next block of
 * message data (4.5.3.2.5 and 4.5.3.2.6), and for the address status lookups (reverse name,
 * RBLs) before the greeting: past {@code address-status} the session is greeted on what the
 * lists alone say, as Postfix's postscreen ignores DNSBL answers that come late. And, when the
 * node stops ({@code drain}), how long a session in the middle of a transaction may finish
 * before it is closed; idle sessions get {@code 421} at once.
 */
public record SmtpTimeouts(Duration command, Duration data, Duration addressStatus, Duration drain) {
    public SmtpTimeouts {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(addressStatus, "addressStatus");
        Objects.requireNonNull(drain, "drain");
    }

    public SmtpTimeouts(Duration command, Duration data) {
        this(command, data, DEFAULT_ADDRESS_STATUS, DEFAULT_DRAIN);
    }

    static final Duration DEFAULT_ADDRESS_STATUS = Duration.ofSeconds(10);
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

    static SmtpTimeouts read(MappingReader r) {
        return new SmtpTimeouts(
                r.duration("command", Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofDays(1)),
                r.duration("data", Duration.ofMinutes(3), Duration.ofMillis(1), Duration.ofDays(1)),
                r.duration("address-status", DEFAULT_ADDRESS_STATUS, Duration.ofMillis(1), Duration.ofMinutes(5)),
                r.duration("drain", DEFAULT_DRAIN, Duration.ZERO, Duration.ofMinutes(10)));
    }
}
