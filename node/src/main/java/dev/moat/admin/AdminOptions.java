package dev.moat.admin;

/**
 * Where the admin server listens ({@code address} and {@code port}, 0 for any free port) and
 * the token that changes need.
 */
public record AdminOptions(String address, int port, String token) {

    public AdminOptions {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
    }

    @Override
    public String toString() {
        return "AdminOptions[address=" + address + ", port=" + port + ", token=(hidden)]";
    }
}
