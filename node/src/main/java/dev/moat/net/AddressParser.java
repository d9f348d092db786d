package dev.moat.net;

/**
 * Reads one IPv4 or IPv6 literal from a slice of text without throwing and without allocating
 * on success, so that list parsing can report a bad line as a value. A parse leaves the
 * 128-bit result in {@link #high} and {@link #low} (IPv4 in the IPv4-mapped block) and
 * returns {@code null}, or returns why the text is not an address. IPv4 is strictly four
 * decimal octets; an octet with a leading zero ({@code 010}) is refused because some tools
 * read it as octal. Not thread-safe: use one instance per parse loop.
 */
final class AddressParser {
    static final long MAPPED_PREFIX = 0xffff_0000_0000L;

    long high;
    long low;
    /** Whether the text was written in IPv6 syntax (it had a ':'), even for a mapped address. */
    boolean ipv6Syntax;

    private final int[] groups = new int[8];
    private int ipv4;

    String parse(CharSequence s, int from, int to) {
        if (from >= to) {
            return "the address is empty";
        }
        int colons = 0;
        int lastColon = -1;
        int firstDot = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                return "zone ids are not allowed ('" + s.subSequence(i, to) + "')";
            }
            if (c == '[' || c == ']') {
                return "brackets are not allowed around an address";
            }
            if (c == ':') {
                colons++;
                lastColon = i;
            } else if (c == '.' && firstDot < 0) {
                firstDot = i;
            }
        }
        if (colons == 1 && firstDot >= 0 && firstDot < lastColon) {
            return "ports are not allowed ('" + s.subSequence(lastColon, to) + "')";
        }
        ipv6Syntax = colons > 0;
        return ipv6Syntax ? parseIpv6(s, from, to) : parseIpv4Literal(s, from, to);
    }

    private String parseIpv4Literal(CharSequence s, int from, int to) {
        String error = parseIpv4(s, from, to);
        if (error != null) {
            if (isDecimalNumber(s, from, to)) {
                return "an IPv4 address has 4 octets, '" + s.subSequence(from, to) + "' has 1";
            }
            return looksLikeHostName(s, from, to)
                    ? "host names are not allowed, only address literals: '" + s.subSequence(from, to) + "'"
                    : error;
        }
        high = 0;
        low = MAPPED_PREFIX | (ipv4 & 0xffff_ffffL);
        return null;
    }

    /** Four decimal octets, each 0 to 255 without a leading zero; the value goes to {@link #ipv4}. */
    private String parseIpv4(CharSequence s, int from, int to) {
        int value = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int octet = 0;
            while (i < to && isDigit(s.charAt(i))) {
                octet = i - start < 3 ? octet * 10 + s.charAt(i) - '0' : 256;
                i++;
            }
            int digits = i - start;
            if (digits == 0) {
                if (i == to) {
                    return octets == 0 ? "the address is empty" : "empty octet at the end of '" + s.subSequence(from, to) + "'";
                }
                char c = s.charAt(i);
                return c == '.' ? "empty octet in '" + s.subSequence(from, to) + "'" : unexpected(s, from, i, to);
            }
            if (digits > 1 && s.charAt(start) == '0') {
                return "octet '" + s.subSequence(start, i) + "' has a leading zero (ambiguous: some tools read it as octal)";
            }
            if (octet > 255) {
                return "octet " + s.subSequence(start, i) + " is greater than 255";
            }
            value = value << 8 | octet;
            octets++;
            if (i == to) {
                break;
            }
            char c = s.charAt(i);
            if (c != '.' || octets == 4) {
                return octets == 4 && c != '/' && c != '-'
                        ? "unexpected text after the address: '" + s.subSequence(i, to) + "'"
                        : unexpected(s, from, i, to);
            }
            i++;
        }
        if (octets != 4) {
            return "an IPv4 address has 4 octets, '" + s.subSequence(from, to) + "' has " + octets;
        }
        ipv4 = value;
        return null;
    }

    private String parseIpv6(CharSequence s, int from, int to) {
        int n = 0;
        int gap = -1;
        int i = from;
        if (s.charAt(i) == ':') {
            if (i + 1 == to || s.charAt(i + 1) != ':') {
                return "an IPv6 address cannot start with a single ':'";
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int group = 0;
            while (i < to && isHexDigit(s.charAt(i))) {
                group = group << 4 | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                String error = parseIpv4(s, start, to);
                if (error != null) {
                    return "embedded IPv4 part: " + error;
                }
                if (n > 6) {
                    return "too many groups in '" + s.subSequence(from, to) + "'";
                }
                groups[n++] = ipv4 >>> 16;
                groups[n++] = ipv4 & 0xffff;
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0) {
                return s.charAt(i) == ':' ? "too many ':' in a row in '" + s.subSequence(from, to) + "'" : unexpected(s, from, i, to);
            }
            if (digits > 4) {
                return "group '" + s.subSequence(start, i) + "' has more than 4 hex digits";
            }
            if (n == 8) {
                return "too many groups in '" + s.subSequence(from, to) + "'";
            }
            groups[n++] = group;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return unexpected(s, from, i, to);
            }
            i++;
            if (i == to) {
                return "an IPv6 address cannot end with a single ':'";
            }
            if (s.charAt(i) == ':') {
                if (gap >= 0) {
                    return "'::' may appear only once in '" + s.subSequence(from, to) + "'";
                }
                gap = n;
                i++;
            }
        }
        if (gap < 0 && n != 8) {
            return "an IPv6 address has 8 groups, '" + s.subSequence(from, to) + "' has " + n;
        }
        if (gap >= 0 && n > 7) {
            return "'::' must stand for at least one group of zeros in '" + s.subSequence(from, to) + "'";
        }
        long h = 0;
        long l = 0;
        int zeros = 8 - n;
        for (int g = 0, k = 0; g < 8; g++) {
            int v = gap >= 0 && g >= gap && g < gap + zeros ? 0 : groups[k++];
            if (g < 4) {
                h = h << 16 | v;
            } else {
                l = l << 16 | v;
            }
        }
        high = h;
        low = l;
        return null;
    }

    private static String unexpected(CharSequence s, int from, int at, int to) {
        char c = s.charAt(at);
        String text = s.subSequence(from, to).toString();
        if (c == '/') {
            return "a prefix ('/') is not allowed here";
        }
        if (c == '-') {
            return "a range ('-') is not allowed here";
        }
        if (Character.isWhitespace(c)) {
            return "unexpected space in '" + text + "'";
        }
        return "unexpected character '" + c + "' in '" + text + "'";
    }

    /** Letters, digits, dots and hyphens, and the last label starts with a letter. */
    private static boolean looksLikeHostName(CharSequence s, int from, int to) {
        int lastLabel = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                lastLabel = i + 1;
            } else if (!(isDigit(c) || isLetter(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return lastLabel < to && isLetter(s.charAt(lastLabel));
    }

    private static boolean isDecimalNumber(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
