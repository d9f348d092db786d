package dev.moat.settings;

import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP listener of {@code smtp.listeners}: where it binds (port 0 picks a free port, for
 * tests), what kind it is, and whether connections start with a PROXY protocol header, which
 * is believed only from the trusted proxies.
 */
public record ListenerSettings(String name, IpAddress address, int port, ListenerKind kind,
        boolean proxyProtocol, NetworkAddressList trustedProxies) {
    private static final String DEFAULT_ADDRESS = "0.0.0.0";
    private static final int DEFAULT_PORT = 2525;

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /** The listener of a file that lists none: plain SMTP on every address, port 2525. */
    static ListenerSettings defaultListener() {
        return new ListenerSettings("smtp", IpAddress.parse(DEFAULT_ADDRESS), DEFAULT_PORT, ListenerKind.SMTP, false,
                NetworkAddressList.empty());
    }

    static ListenerSettings read(MappingReader r) {
        ListenerKind kind = r.choice("kind", ListenerKind.SMTP);
        String name = r.text("name", MappingReader.settingName(kind)).strip();
        if (name.isEmpty()) {
            r.error("name", "must not be empty");
        }
        IpAddress address = r.ipAddress("address", DEFAULT_ADDRESS);
        int port = r.integer("port", DEFAULT_PORT, 0, 65_535);
        boolean proxyProtocol = r.bool("proxy-protocol", false);
        Optional<NetworkAddressList> trustedProxies = r.addresses("trusted-proxies", "");
        if (proxyProtocol && trustedProxies.isPresent() && trustedProxies.get().text().isBlank()) {
            r.error("trusted-proxies", "must list the proxies' addresses when proxy-protocol is true");
        }
        return new ListenerSettings(name, address, port, kind, proxyProtocol, trustedProxies.orElseGet(NetworkAddressList::empty));
    }
}
