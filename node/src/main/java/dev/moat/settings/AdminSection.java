package dev.moat.settings;

import dev.moat.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code admin} section: where the admin HTTP server (API, console, metrics, health)
 * binds (loopback unless set: the API changes who may relay), the file holding the token that
 * every {@code /api/} request needs (generated when missing), the certificate and key that make
 * it HTTPS ({@code admin.tls}; plain HTTP without), and how long a client may take to send one
 * request.
 */
public record AdminSection(IpAddress address, int port, Path tokenFile, Optional<CertificateFiles> tls,
        Duration requestTimeout) {
    public AdminSection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    static AdminSection read(MappingReader r, Path dataDir) {
        return new AdminSection(
                r.ipAddress("address", "127.0.0.1"),
                r.integer("port", 8080, 0, 65_535),
                r.file("token-file").orElse(dataDir.resolve("admin-token")),
                r.section("tls", t -> CertificateFiles.read(t, "plain HTTP")),
                r.duration("request-timeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }
}
