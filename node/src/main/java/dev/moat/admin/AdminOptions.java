package dev.moat.admin;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the admin server listens ({@code address} and {@code port}, 0 for any free port), the
 * token every {@code /api/} request needs (asked for each request, so a re-read token file
 * rotates it), the TLS context when the listener speaks HTTPS, and how long a client may take
 * to send one whole request (headers and body) before it gets 408 and is closed.
 */
public record AdminOptions(String address, int port, Supplier<String> token, Optional<SslContext> tls,
        Duration requestTimeout) {

    /** The request timeout of the embedded defaults. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public AdminOptions {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tls, "tls");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
    }

    /** Plain HTTP with a fixed token and the default request timeout. */
    public AdminOptions(String address, int port, String token) {
        this(address, port, fixed(token), Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }

    /** Plain HTTP or HTTPS with the token of {@code token}, re-read from its file when it came from one. */
    public AdminOptions(String address, int port, AdminToken token, Optional<SslContext> tls, Duration requestTimeout) {
        this(address, port, TokenFile.of(token), tls, requestTimeout);
    }

    private static Supplier<String> fixed(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        return () -> token;
    }

    @Override
    public String toString() {
        return "AdminOptions[address=" + address + ", port=" + port + ", token=(hidden), https=" + tls.isPresent()
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
