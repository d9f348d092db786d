package dev.moat.settings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolver of {@code dns} (server-wide only: it is this node's network): the DNS servers
 * (IP literals with an optional port; none: the system's {@code resolv.conf}), the minimal
 * timeout each query waits (the chapter's), how many times a query is sent at most, the
 * cache size, how often each RBL zone's health is tested, and whether an unhealthy zone is
 * skipped until it recovers.
 */
public record DnsSection(List<InetSocketAddress> servers, Duration timeout, int tries, int cacheSize,
        Duration zoneHealthInterval, boolean skipUnhealthyZones) {
    public DnsSection {
        servers = List.copyOf(servers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(zoneHealthInterval, "zoneHealthInterval");
    }

    static DnsSection read(MappingReader r) {
        return new DnsSection(servers(r, "servers"),
                r.duration("timeout", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(30)),
                r.integer("tries", 2, 1, 5),
                r.integer("cache-size", 10_000, 0, 10_000_000),
                r.duration("zone-health-interval", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
                r.bool("skip-unhealthy-zones", true));
    }

    /** A list of DNS servers under {@code key}: IP literals with an optional port (53), each bad one named. */
    static List<InetSocketAddress> servers(MappingReader r, String key) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (MappingReader.Item item : r.texts(key)) {
            Optional<HostAndPort> server = HostAndPort.parse(item.text(), 53);
            if (server.isEmpty() || Domains.ipLiteral(server.get().host()).isEmpty()) {
                r.error(item, "must be a DNS server's IP address with an optional port, such as 127.0.0.1 or [::1]:5353");
            } else {
                servers.add(new InetSocketAddress(Domains.ipLiteral(server.get().host()).get().toInetAddress(),
                        server.get().port()));
            }
        }
        return servers;
    }
}
