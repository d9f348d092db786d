package dev.moat.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the resolver asks: the servers to ask in turn, how long to wait for each answer, how
 * many times a query is sent at most (the chapter: each time with the minimal timeout), and
 * how many answers the cache keeps.
 */
public record DnsOptions(List<InetSocketAddress> servers, Duration timeout, int tries, int cacheSize) {
    public DnsOptions {
        servers = List.copyOf(servers);
        Objects.requireNonNull(timeout, "timeout");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS server");
        }
        if (tries < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("tries must be at least 1 and the cache size not negative");
        }
    }
}
