package dev.moat.delivery;

import dev.moat.settings.HostAndPort;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RelayDelivery} reaches its default next hop ({@code host}, {@code port}), and with
 * the same timeouts and pool size every other next hop. {@code commandTimeout} bounds the wait for
 * each reply (greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT) and for a free pooled connection;
 * {@code dataTimeout} runs from the first byte of content written to the reply after the final
 * dot; {@code maxConnections} bounds the open connections (idle, busy and opening together);
 * idle ones are closed with QUIT after {@code idleTimeout}. Invalid values are refused at
 * construction: the settings parser is expected to have reported them already.
 */
public record RelayOptions(
        String host,
        int port,
        String heloName,
        Duration connectTimeout,
        Duration commandTimeout,
        Duration dataTimeout,
        int maxConnections,
        Duration idleTimeout) {

    public RelayOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("next hop host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("next hop port out of range: " + port);
        }
        if (heloName == null || heloName.isBlank() || Replies.hasControlCharacter(heloName)) {
            throw new IllegalArgumentException("HELO name is missing or malformed");
        }
        positive(connectTimeout, "connectTimeout");
        positive(commandTimeout, "commandTimeout");
        positive(dataTimeout, "dataTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /** The default next hop ({@code delivery.next-hop}). */
    HostAndPort target() {
        return new HostAndPort(host, port);
    }

    /** The same options toward another next hop. */
    RelayOptions toward(HostAndPort hop) {
        return new RelayOptions(hop.host(), hop.port(), heloName, connectTimeout, commandTimeout, dataTimeout,
                maxConnections, idleTimeout);
    }

    /** The next hop as replies name it: {@code host:port}, IPv6 literals in brackets. */
    String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
