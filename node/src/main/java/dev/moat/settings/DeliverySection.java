package dev.moat.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code delivery} section: spool accepted mail to a directory, or relay it to the next
 * hop its route names (required in relay mode; port 25 unless written): {@code next-hop} for
 * local mail, {@code relay-host} for the outbound mail of Clients and authenticated users
 * ({@code next-hop} when unset), and {@code next-hops}, the hosts routes may name, each with the
 * {@code host:port} mail for it goes to; with the client timeouts and the connection pool
 * towards each hop. The names of {@code next-hops} are canonical (lower case, no trailing dot).
 */
public record DeliverySection(DeliveryMode mode, Path spoolDir, Optional<HostAndPort> nextHop,
        Duration connectTimeout, Duration commandTimeout, Duration dataTimeout, int maxConnections,
        Duration idleTimeout, Optional<HostAndPort> relayHost, Map<String, HostAndPort> nextHops) {
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofDays(1);
    private static final String FORM = "must be host:port, such as mail.example.com:25 or [2001:db8::1]:25";

    public DeliverySection {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(dataTimeout, "dataTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(relayHost, "relayHost");
        nextHops = Collections.unmodifiableMap(new LinkedHashMap<>(nextHops));
    }

    static DeliverySection read(MappingReader r, Path dataDir, List<String> localDomains) {
        DeliveryMode mode = r.choice("mode", DeliveryMode.SPOOL);
        Path spoolDir = r.file("spool-dir").orElse(dataDir.resolve("spool"));
        String nextHopText = r.text("next-hop", "").strip();
        Optional<HostAndPort> nextHop = hostAndPort(r, "next-hop", nextHopText);
        if (mode == DeliveryMode.RELAY && nextHopText.isEmpty()) {
            r.error("mode", "relay needs delivery.next-hop (host:port)");
        }
        Optional<HostAndPort> relayHost = hostAndPort(r, "relay-host", r.text("relay-host", "").strip());
        Map<String, HostAndPort> nextHops = nextHops(r, localDomains);
        return new DeliverySection(mode, spoolDir, nextHop,
                r.duration("connect-timeout", Duration.ofSeconds(10), MIN, MAX),
                r.duration("command-timeout", Duration.ofSeconds(60), MIN, MAX),
                r.duration("data-timeout", Duration.ofMinutes(5), MIN, MAX),
                r.integer("max-connections", 50, 1, 10_000),
                r.duration("idle-timeout", Duration.ofSeconds(30), MIN, MAX),
                relayHost, nextHops);
    }

    private static Optional<HostAndPort> hostAndPort(MappingReader r, String key, String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<HostAndPort> hop = HostAndPort.parse(text, 25);
        if (hop.isEmpty()) {
            r.error(key, FORM + hint(text));
        }
        return hop;
    }

    /**
     * {@code next-hops}: each name a host name that routes may name, once, and not a local
     * domain (its mail never leaves as remote); each value {@code host:port}. Every bad entry is
     * reported at its line; the map then holds the good ones, and the document is refused anyway.
     */
    private static Map<String, HostAndPort> nextHops(MappingReader r, List<String> localDomains) {
        Map<String, HostAndPort> hops = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (var pair : r.pairs("next-hops")) {
            MappingReader.Item item = pair.getValue();
            Optional<String> name = Domains.canonical(pair.getKey());
            if (name.isEmpty()) {
                r.error(item, "is not a host name: a name routes may give, such as mx.partner.example");
                continue;
            }
            if (localDomains.contains(name.get())) {
                r.error(item, "is a local domain: its mail goes to delivery.next-hop, never to a named host");
                continue;
            }
            Integer first = lines.putIfAbsent(name.get(), item.line());
            if (first != null) {
                r.error(item, "is given twice (first on line " + first + ")");
                continue;
            }
            String text = item.text().strip();
            Optional<HostAndPort> hop = text.isEmpty() ? Optional.empty() : HostAndPort.parse(text, 25);
            if (hop.isEmpty()) {
                r.error(item, FORM + hint(text));
                continue;
            }
            hops.put(name.get(), hop.get());
        }
        return hops;
    }

    /** Says what is wrong with an IPv6 address written without brackets, the usual mistake. */
    private static String hint(String text) {
        return !text.startsWith("[") && text.chars().filter(c -> c == ':').count() > 1
                ? "; an IPv6 address goes in brackets, with the port after them" : "";
    }
}
