package dev.moat.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address as a 128-bit value ({@link #high()}, {@link #low()}). IPv4
 * addresses, and IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.7}), are held in the
 * IPv4-mapped block {@code ::ffff:0:0/96}, so both spellings are the same, equal address.
 * Only literals parse: four decimal octets (an octet with a leading zero, {@code 010}, is
 * refused as ambiguous octal) or RFC 4291 IPv6 text, without host names, zone ids or
 * brackets. Immutable and ordered by the unsigned 128-bit value; {@link #toString()} is the
 * canonical text (dotted quad, or RFC 5952 for IPv6), and nothing here ever queries DNS.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private final long high;
    private final long low;

    private IpAddress(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** The address with these 128 bits; a value in {@code ::ffff:0:0/96} is IPv4. */
    public static IpAddress of(long high, long low) {
        return new IpAddress(high, low);
    }

    /** The IPv4 address whose 32 bits, read unsigned, are {@code address}. */
    public static IpAddress ofIpv4(int address) {
        return new IpAddress(0, AddressParser.MAPPED_PREFIX | (address & 0xffff_ffffL));
    }

    /** The address of {@code address} without any DNS lookup; an IPv6 scope id is dropped. */
    public static IpAddress of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ofIpv4((int) toLong(bytes, 0, 4));
        }
        return new IpAddress(toLong(bytes, 0, 8), toLong(bytes, 8, 16));
    }

    /** Parses a literal address; throws {@link IllegalArgumentException} saying what is wrong. */
    public static IpAddress parse(String text) {
        AddressParser parser = new AddressParser();
        String error = parser.parse(text, 0, text.length());
        if (error != null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "': " + error);
        }
        return new IpAddress(parser.high, parser.low);
    }

    /** The address, or empty when {@code text} is not an address literal. */
    public static Optional<IpAddress> tryParse(String text) {
        AddressParser parser = new AddressParser();
        return text == null || parser.parse(text, 0, text.length()) != null
                ? Optional.empty()
                : Optional.of(new IpAddress(parser.high, parser.low));
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public boolean isIpv4() {
        return high == 0 && (low >>> 32) == 0xffff;
    }

    /** The 32 bits of an IPv4 address; meaningless for IPv6. */
    int ipv4Bits() {
        return (int) low;
    }

    /** The address as a JDK object, built from the bytes (no lookup). */
    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(isIpv4() ? toBytes(low, 4) : toBytes16());
        } catch (UnknownHostException e) {
            throw new AssertionError("byte arrays of 4 and 16 are valid", e);
        }
    }

    /** The PTR name: {@code 7.2.0.192.in-addr.arpa}, or 32 nibbles and {@code ip6.arpa}. */
    public String reverseName() {
        return reversedLabels() + (isIpv4() ? ".in-addr.arpa" : ".ip6.arpa");
    }

    /** The reversed labels without a suffix, as an RBL query puts them before the list's zone. */
    public String reversedLabels() {
        if (isIpv4()) {
            int v = ipv4Bits();
            return (v & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 24);
        }
        char[] out = new char[63];
        for (int nibble = 0; nibble < 32; nibble++) {
            long word = nibble < 16 ? low : high;
            int value = (int) (word >>> (4 * (nibble % 16))) & 0xf;
            out[2 * nibble] = Character.forDigit(value, 16);
            if (nibble < 31) {
                out[2 * nibble + 1] = '.';
            }
        }
        return new String(out);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && high == other.high && low == other.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** Dotted quad for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as "::"). */
    @Override
    public String toString() {
        if (isIpv4()) {
            int v = ipv4Bits();
            return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            long word = g < 4 ? high : low;
            groups[g] = (int) (word >>> (16 * (3 - g % 4))) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > bestLength) {
                bestStart = g;
                bestLength = end - g;
            }
            g = end == g ? g + 1 : end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int g = 0; g < 8; ) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g++]));
        }
        return text.toString();
    }

    private byte[] toBytes16() {
        byte[] bytes = new byte[16];
        System.arraycopy(toBytes(high, 8), 0, bytes, 0, 8);
        System.arraycopy(toBytes(low, 8), 0, bytes, 8, 8);
        return bytes;
    }

    private static byte[] toBytes(long word, int count) {
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (word >>> (8 * (count - 1 - i)));
        }
        return bytes;
    }

    private static long toLong(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }
}
