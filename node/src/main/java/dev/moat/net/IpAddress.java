package dev.moat.net;

import java.net.InetAddress;

/**
 * An IPv4 or IPv6 address as a 128-bit value. IPv4 addresses, and IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.7}), are held in the IPv4-mapped block so that both spellings are
 * the same address. Immutable; {@link #toString()} gives the canonical text (dotted quad, or
 * RFC 5952 for IPv6).
 */
public final class IpAddress implements Comparable<IpAddress> {
    // API CONTRACT (implementation by the net package work): see the helper brief.
    private IpAddress() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Parses a literal address; no host names, no zones, no prefix. */
    public static IpAddress parse(String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static IpAddress of(InetAddress address) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public boolean isIpv4() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public InetAddress toInetAddress() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public int compareTo(IpAddress o) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
