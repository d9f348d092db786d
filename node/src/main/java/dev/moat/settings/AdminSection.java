package dev.moat.settings;

import dev.moat.net.IpAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code admin} section: where the admin HTTP server (API, console, metrics, health)
 * binds, and the file holding the token that changes need (generated when missing).
 */
public record AdminSection(IpAddress address, int port, Path tokenFile) {
    public AdminSection {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tokenFile, "tokenFile");
    }

    static AdminSection read(MappingReader r, Path dataDir) {
        return new AdminSection(
                r.ipAddress("address", "0.0.0.0"),
                r.integer("port", 8080, 0, 65_535),
                r.file("token-file").orElse(dataDir.resolve("admin-token")));
    }
}
