package dev.moat.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code delivery} section: spool accepted mail to a directory, or relay it to the next
 * hop (required in relay mode; port 25 unless written), with the client timeouts and the
 * connection pool towards that hop.
 */
public record DeliverySection(DeliveryMode mode, Path spoolDir, Optional<HostAndPort> nextHop,
        Duration connectTimeout, Duration commandTimeout, Duration dataTimeout, int maxConnections,
        Duration idleTimeout) {
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofDays(1);

    public DeliverySection {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(dataTimeout, "dataTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    static DeliverySection read(MappingReader r, Path dataDir) {
        DeliveryMode mode = r.choice("mode", DeliveryMode.SPOOL);
        Path spoolDir = r.file("spool-dir").orElse(dataDir.resolve("spool"));
        String nextHopText = r.text("next-hop", "").strip();
        Optional<HostAndPort> nextHop = nextHop(r, nextHopText);
        if (mode == DeliveryMode.RELAY && nextHopText.isEmpty()) {
            r.error("mode", "relay needs delivery.next-hop (host:port)");
        }
        return new DeliverySection(mode, spoolDir, nextHop,
                r.duration("connect-timeout", Duration.ofSeconds(10), MIN, MAX),
                r.duration("command-timeout", Duration.ofSeconds(60), MIN, MAX),
                r.duration("data-timeout", Duration.ofMinutes(5), MIN, MAX),
                r.integer("max-connections", 50, 1, 10_000),
                r.duration("idle-timeout", Duration.ofSeconds(30), MIN, MAX));
    }

    private static Optional<HostAndPort> nextHop(MappingReader r, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<HostAndPort> hop = HostAndPort.parse(text, 25);
        if (hop.isEmpty()) {
            r.error("next-hop", "must be host:port, such as mail.example.com:25 or [2001:db8::1]:25");
        }
        return hop;
    }
}
