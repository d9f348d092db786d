package dev.moat.net;

/**
 * Reads one entry of a network address list (an address, a range, a prefix, each possibly
 * an exclusion with {@code !}) from trimmed, comment-free text, without throwing: a parse
 * leaves the first and last address of the entry in the fields and returns {@code null}, or
 * returns why the entry is wrong. Not thread-safe: use one instance per parse.
 */
final class EntryParser {
    long firstHigh;
    long firstLow;
    long lastHigh;
    long lastLow;
    boolean exclusion;

    private final AddressParser address = new AddressParser();

    String parse(String text, int from, int to) {
        exclusion = text.charAt(from) == '!';
        if (exclusion) {
            from = skipSpace(text, from + 1, to);
            if (from == to) {
                return "an exclusion needs an address, range or prefix after '!'";
            }
            if (text.charAt(from) == '!') {
                return "only one '!' is allowed";
            }
        }
        int dash = indexOf(text, '-', from, to);
        int slash = indexOf(text, '/', from, to);
        if (dash >= 0 && slash >= 0) {
            return "a range cannot have a prefix ('/'): write its first and last address";
        }
        if (dash >= 0) {
            return parseRange(text, from, dash, to);
        }
        if (slash >= 0) {
            return parsePrefix(text, from, slash, to);
        }
        String error = address.parse(text, from, to);
        if (error == null) {
            firstHigh = lastHigh = address.high;
            firstLow = lastLow = address.low;
        }
        return error;
    }

    private String parseRange(String text, int from, int dash, int to) {
        if (indexOf(text, '-', dash + 1, to) >= 0) {
            return "a range has one '-' between its first and last address";
        }
        int firstEnd = trimEnd(text, from, dash);
        int lastStart = skipSpace(text, dash + 1, to);
        if (firstEnd == from || lastStart == to) {
            return "a range needs an address on both sides of '-'";
        }
        String error = address.parse(text, from, firstEnd);
        if (error != null) {
            return "first address of the range: " + error;
        }
        IpAddress first = IpAddress.of(address.high, address.low);
        error = address.parse(text, lastStart, to);
        if (error != null) {
            return "last address of the range: " + error;
        }
        IpAddress last = IpAddress.of(address.high, address.low);
        if (first.isIpv4() != last.isIpv4()) {
            return "a range cannot mix an IPv4 and an IPv6 address";
        }
        if (first.compareTo(last) > 0) {
            return "the range is reversed: " + first + " comes after " + last + " (write " + last + "-" + first + ")";
        }
        firstHigh = first.high();
        firstLow = first.low();
        lastHigh = last.high();
        lastLow = last.low();
        return null;
    }

    private String parsePrefix(String text, int from, int slash, int to) {
        if (indexOf(text, '/', slash + 1, to) >= 0) {
            return "a prefix has one '/' between the network and its length";
        }
        int networkEnd = trimEnd(text, from, slash);
        int lengthStart = skipSpace(text, slash + 1, to);
        if (networkEnd == from) {
            return "a prefix needs a network address before '/'";
        }
        if (lengthStart == to) {
            return "a prefix needs a length after '/'";
        }
        String error = address.parse(text, from, networkEnd);
        if (error != null) {
            return error;
        }
        int max = address.ipv6Syntax ? 128 : 32;
        String lengthText = text.substring(lengthStart, to);
        if (!lengthText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "prefix length '" + lengthText + "' is not a number";
        }
        if (lengthText.length() > 1 && lengthText.charAt(0) == '0') {
            return "prefix length '" + lengthText + "' has a leading zero";
        }
        int length = lengthText.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(lengthText);
        if (length > max) {
            return "prefix length /" + lengthText + " is out of range for " + (max == 32 ? "IPv4" : "IPv6")
                    + " (0 to " + max + ")";
        }
        int bits = address.ipv6Syntax ? length : length + 96;
        long maskHigh = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long maskLow = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        if ((address.high & ~maskHigh) != 0 || (address.low & ~maskLow) != 0) {
            IpAddress given = IpAddress.of(address.high, address.low);
            IpAddress network = IpAddress.of(address.high & maskHigh, address.low & maskLow);
            return "bits right of the prefix are not zero: write the network "
                    + network + "/" + (network.isIpv4() ? bits - 96 : bits) + ", or the single address " + given;
        }
        firstHigh = address.high;
        firstLow = address.low;
        lastHigh = address.high | ~maskHigh;
        lastLow = address.low | ~maskLow;
        return null;
    }

    static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int skipSpace(String text, int from, int to) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    static int trimEnd(String text, int from, int to) {
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** Any white space, including the no-break spaces that text copied from web pages carries. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
