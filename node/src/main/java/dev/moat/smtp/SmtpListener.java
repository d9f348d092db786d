package dev.moat.smtp;

import dev.moat.net.NetworkAddressList;
import java.util.Objects;

/**
 * One listening socket: where it binds and how connections on it start. {@code implicitTls}
 * is the {@code smtps} kind (TLS from the first byte); {@code requireTls} is {@code submission}
 * (no mail transaction before STARTTLS). With {@code proxyProtocol} every connection starts
 * with a PROXY protocol header (before any TLS), believed only from {@code trustedProxies}.
 */
public record SmtpListener(String name, String address, int port, boolean implicitTls, boolean requireTls,
        boolean proxyProtocol, NetworkAddressList trustedProxies) {

    public SmtpListener {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /** A listener that clients reach directly, without a PROXY header. */
    public SmtpListener(String name, String address, int port, boolean implicitTls, boolean requireTls) {
        this(name, address, port, implicitTls, requireTls, false, NetworkAddressList.empty());
    }
}
