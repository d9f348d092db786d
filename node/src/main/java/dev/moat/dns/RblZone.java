package dev.moat.dns;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One DNS list (chapter: "Using DNS-based Blacklisting (RBL)"): its zone, the answers that
 * count as a listing, the DNS servers to ask (none: the resolver's), an optional secret key
 * put before the zone in queries (Spamhaus DQS style, {@code KEY.zen.dq.spamhaus.net}), and
 * whether it is an allow-list (DNSWL style: a listing makes the address a White Hole for the
 * connection). For client {@code a.b.c.d} the query is {@code d.c.b.a.zone} (IPv6: the 32
 * reversed nibbles, RFC 5782). An A answer lists only in 127.0.0.0/8, never 127.0.0.1 (the
 * RFC 5782 negative test point), never 127.255.255.0/24 (the zone's own error codes: refused,
 * rate limited, open resolver), and only within the accepted answers and mask when the zone
 * names them. The key never appears in {@link #toString()}, logs, metrics or the API: the zone
 * is named by {@link #zone()} alone.
 */
public final class RblZone {
    private static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");
    private static final IpAddress ERRORS_FROM = IpAddress.parse("127.255.255.0");
    private static final IpAddress ERRORS_TO = IpAddress.parse("127.255.255.255");
    private static final IpAddress BLOCK_FROM = IpAddress.parse("127.0.0.0");
    private static final IpAddress BLOCK_TO = IpAddress.parse("127.255.255.255");

    /** What one A answer of the zone means. */
    public enum Meaning { LISTED, NOT_LISTED, ERROR_CODE, OUTSIDE }

    private final String zone;
    private final String key;
    private final Optional<AddressSet> accepted;
    private final int mask;
    private final List<InetSocketAddress> servers;
    private final boolean allowList;

    /**
     * {@code zone} without a trailing dot; {@code key} empty for none; {@code accepted} the
     * answers that list (empty: any answer of 127/8 but the test point and error codes);
     * {@code mask} a bitmask the last octet of an answer must share (0: none).
     */
    public RblZone(String zone, String key, Optional<AddressSet> accepted, int mask, List<InetSocketAddress> servers,
            boolean allowList) {
        this.zone = Objects.requireNonNull(zone, "zone").toLowerCase(Locale.ROOT);
        this.key = Objects.requireNonNull(key, "key");
        this.accepted = Objects.requireNonNull(accepted, "accepted");
        this.mask = mask;
        this.servers = List.copyOf(servers);
        this.allowList = allowList;
    }

    /** The zone as administrators name it ({@code ^0}), without the key. */
    public String zone() {
        return zone;
    }

    public boolean allowList() {
        return allowList;
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** The name to ask for {@code client}, with a final dot; holds the key. */
    public String queryName(IpAddress client) {
        return client.reversedLabels() + "." + (key.isEmpty() ? "" : key + ".") + zone + ".";
    }

    /** What the A answer {@code answer} means for this zone. */
    public Meaning meaning(IpAddress answer) {
        if (!answer.isIpv4() || answer.compareTo(BLOCK_FROM) < 0 || answer.compareTo(BLOCK_TO) > 0) {
            return Meaning.OUTSIDE;
        }
        if (answer.compareTo(ERRORS_FROM) >= 0 && answer.compareTo(ERRORS_TO) <= 0) {
            return Meaning.ERROR_CODE;
        }
        if (answer.equals(LOOPBACK)) {
            return Meaning.NOT_LISTED;
        }
        if (accepted.isPresent() && !accepted.get().contains(answer)) {
            return Meaning.NOT_LISTED;
        }
        int last = (int) (answer.low() & 0xff);
        return mask != 0 && (last & mask) == 0 ? Meaning.NOT_LISTED : Meaning.LISTED;
    }

    /** The zone and its options, never the key. */
    @Override
    public String toString() {
        return (allowList ? "allow-list " : "") + zone + (key.isEmpty() ? "" : " (with a key)")
                + (servers.isEmpty() ? "" : " via " + servers);
    }
}
