package dev.moat.blocking;

import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import java.util.function.Predicate;

/**
 * The prefixes aggregation blocks (an IPv6 /64, an IPv4 /24) and their keys in the blocked
 * list, written as the network address lists write a prefix: {@code 2001:db8:1:2::/64},
 * {@code 192.0.2.0/24}.
 */
public final class Prefixes {
    private Prefixes() {
    }

    /** The key of the aggregation prefix that holds {@code address}. */
    public static String of(IpAddress address) {
        return network(address) + (address.isIpv4() ? "/24" : "/64");
    }

    /** The first address of the aggregation prefix that holds {@code address}. */
    public static IpAddress network(IpAddress address) {
        return address.isIpv4() ? IpAddress.of(0, address.low() & ~0xffL) : IpAddress.of(address.high(), 0);
    }

    /** The length of that prefix in bits of the 128 (an IPv4 /24 is 120: IPv4 sits in {@code ::ffff:0:0/96}). */
    public static int bits(IpAddress address) {
        return address.isIpv4() ? 120 : 64;
    }

    /** Whether {@code key} is an aggregation prefix, not an address. */
    public static boolean isPrefix(String key) {
        return key.indexOf('/') >= 0;
    }

    /**
     * Which addresses an entry of the blocked list with {@code key} covers: the address, or
     * every address of the prefix. A key that is neither covers none.
     */
    public static Predicate<IpAddress> matcher(String key) {
        var parsed = NetworkAddressList.parse(key);
        if (!parsed.ok()) {
            return address -> false;
        }
        var covered = parsed.list().addresses();
        return covered::contains;
    }

    /** Whether {@code address} is loopback: 127.0.0.0/8 or ::1. */
    public static boolean isLoopback(IpAddress address) {
        return address.isIpv4() ? ((address.low() >>> 24) & 0xff) == 127 : address.high() == 0 && address.low() == 1;
    }
}
