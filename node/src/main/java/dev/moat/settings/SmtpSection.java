package dev.moat.settings;

import dev.moat.net.NetworkAddressList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code smtp} section: the name the server gives itself (greeting, EHLO reply, Received
 * header), its listeners, the limits of a message and of connections, timeouts, TLS and
 * AUTH, and the senders whose bare LF is read as CRLF ({@code lenient-line-endings}, a network
 * address list; strict CRLF for everyone else). Sizes are in bytes; a message may be from 1 KiB
 * to 1 GiB.
 */
public record SmtpSection(String hostName, String greeting, List<ListenerSettings> listeners,
        long maxMessageSize, int maxRecipients, int maxConnections, int maxConnectionsPerAddress,
        int maxProtocolErrors, SmtpTimeouts timeouts, TlsSection tls, AuthSection auth,
        NetworkAddressList lenientLineEndings) {
    private static final int MILLION = 1_000_000;

    public SmtpSection {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(greeting, "greeting");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(lenientLineEndings, "lenientLineEndings");
    }

    static SmtpSection read(MappingReader r, HostFacts host) {
        String hostName = hostName(r, host);
        String greeting = r.text("greeting", "ESMTP Moat").strip();
        TlsSection tls = r.section("tls", TlsSection::read);
        List<ListenerSettings> listeners = listeners(r, tls);
        long maxMessageSize = r.size("max-message-size", 25L << 20, 1L << 10, 1L << 30);
        int maxRecipients = r.integer("max-recipients", 100, 1, 100_000);
        int maxConnections = r.integer("max-connections", 1000, 1, MILLION);
        int maxPerAddress = r.integer("max-connections-per-address", 50, 1, MILLION);
        if (maxPerAddress > maxConnections) {
            r.error("max-connections-per-address", "must not be more than max-connections (" + maxConnections + ")");
        }
        int maxProtocolErrors = r.integer("max-protocol-errors", 10, 1, 1000);
        SmtpTimeouts timeouts = r.section("timeouts", SmtpTimeouts::read);
        AuthSection auth = r.section("auth", AuthSection::read);
        NetworkAddressList lenient = r.addresses("lenient-line-endings", "").orElseGet(NetworkAddressList::empty);
        return new SmtpSection(hostName, greeting, listeners, maxMessageSize, maxRecipients, maxConnections,
                maxPerAddress, maxProtocolErrors, timeouts, tls, auth, lenient);
    }

    private static String hostName(MappingReader r, HostFacts host) {
        String written = r.text("host-name", "").strip();
        if (written.isEmpty()) {
            return host.hostName();
        }
        return Domains.canonical(written).orElseGet(() -> {
            r.error("host-name", "must be a domain name such as mx.example.com");
            return host.hostName();
        });
    }

    /** The listeners, each checked against the ones before it; absent means the one default listener. */
    private static List<ListenerSettings> listeners(MappingReader r, TlsSection tls) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, String> sockets = new HashMap<>();
        List<ListenerSettings> listeners = r.list("listeners", null, item -> {
            ListenerSettings listener = ListenerSettings.read(item);
            Integer first = names.putIfAbsent(listener.name(), item.lineOf("name"));
            if (first != null) {
                item.error("name", "listener " + listener.name() + " is already defined on line " + first);
            }
            String socket = listener.address() + " port " + listener.port();
            // Port 0 asks the system for a free port, so several such listeners never clash.
            String owner = listener.port() == 0 ? null : sockets.putIfAbsent(socket, listener.name());
            if (owner != null) {
                item.error("port", socket + " is already used by listener " + owner);
            }
            if (listener.kind() == ListenerKind.SMTPS && !tls.enabled()) {
                item.error("kind", "smtps needs smtp.tls.enabled: true");
            }
            return listener;
        });
        if (listeners == null) {
            return List.of(ListenerSettings.defaultListener());
        }
        if (listeners.isEmpty()) {
            r.error("listeners", "must list at least one listener");
        }
        return listeners;
    }
}
