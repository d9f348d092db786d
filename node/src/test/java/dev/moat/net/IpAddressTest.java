package dev.moat.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpAddressTest {

    static Stream<Arguments> literalsAndTheirCanonicalText() {
        return Stream.of(
                argumentSet("dotted quad", "192.0.2.7", "192.0.2.7"),
                argumentSet("zero address", "0.0.0.0", "0.0.0.0"),
                argumentSet("broadcast", "255.255.255.255", "255.255.255.255"),
                argumentSet("mapped IPv6 is the IPv4 address", "::ffff:192.0.2.7", "192.0.2.7"),
                argumentSet("mapped IPv6 in hex is the IPv4 address", "::ffff:c000:207", "192.0.2.7"),
                argumentSet("mapped IPv6 written in full", "0:0:0:0:0:FFFF:C000:0207", "192.0.2.7"),
                argumentSet("IPv6 lower case", "2001:DB8::7", "2001:db8::7"),
                argumentSet("IPv6 leading zeros suppressed", "2001:0db8:0000:0000:0000:0000:0000:0007", "2001:db8::7"),
                argumentSet("IPv6 unspecified", "::", "::"),
                argumentSet("IPv6 loopback", "::1", "::1"),
                argumentSet("IPv6 trailing gap", "2001:db8::", "2001:db8::"),
                argumentSet("IPv6 one zero group is not compressed", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
                argumentSet("IPv6 longest zero run compressed", "2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
                argumentSet("IPv6 first of equal zero runs compressed", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
                argumentSet("IPv6 all groups", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
                argumentSet("IPv6 gap of one group", "1:2:3:4:5:6::8", "1:2:3:4:5:6:0:8"),
                argumentSet("IPv4-compatible is IPv6, printed in hex", "::192.0.2.7", "::c000:207"),
                argumentSet("NAT64 embedded IPv4 printed in hex", "64:ff9b::192.0.2.7", "64:ff9b::c000:207"),
                argumentSet("link-local", "fe80::1", "fe80::1"),
                argumentSet("all ones", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    @ParameterizedTest
    @MethodSource("literalsAndTheirCanonicalText")
    void literalParsesToItsCanonicalText(String literal, String canonical) {
        IpAddress address = IpAddress.parse(literal);
        assertEquals(canonical, address.toString());
        assertEquals(address, IpAddress.parse(canonical));
        assertEquals(Optional.of(address), IpAddress.tryParse(literal));
    }

    static Stream<Arguments> malformedLiterals() {
        return Stream.of(
                argumentSet("empty", "", "empty"),
                argumentSet("octet over 255", "192.0.2.256", "256 is greater than 255"),
                argumentSet("long octet", "192.0.2.1000", "1000 is greater than 255"),
                argumentSet("leading zero octet", "010.1.1.1", "leading zero"),
                argumentSet("leading zeros in last octet", "192.0.2.007", "leading zero"),
                argumentSet("leading plus", "+192.0.2.7", "unexpected character '+'"),
                argumentSet("minus sign", "192.0.-2.7", "range"),
                argumentSet("three octets", "192.0.2", "4 octets"),
                argumentSet("five octets", "192.0.2.7.1", "unexpected text after the address"),
                argumentSet("one number", "3221225991", "4 octets"),
                argumentSet("empty octet", "192..2.7", "empty octet"),
                argumentSet("trailing dot", "192.0.2.7.", "unexpected text after the address"),
                argumentSet("trailing dot on three octets", "192.0.2.", "empty octet at the end"),
                argumentSet("leading dot", ".192.0.2.7", "empty octet"),
                argumentSet("hex octet", "0x7f.0.0.1", "unexpected character 'x'"),
                argumentSet("garbage after the address", "192.0.2.7abc", "unexpected text after the address: 'abc'"),
                argumentSet("port after the address", "192.0.2.7:25", "ports are not allowed (':25')"),
                argumentSet("space inside", "192.0.2 .7", "unexpected space"),
                argumentSet("non-ASCII digits", "\u0661.2.3.4", "unexpected character"),
                argumentSet("host name", "mail.example.com", "host names are not allowed"),
                argumentSet("single-label host name", "localhost", "host names are not allowed"),
                argumentSet("zone id", "fe80::1%eth0", "zone ids are not allowed"),
                argumentSet("brackets", "[2001:db8::1]", "brackets are not allowed"),
                argumentSet("prefix", "192.0.2.0/24", "prefix"),
                argumentSet("IPv6 two gaps", "2001::db8::1", "'::' may appear only once"),
                argumentSet("IPv6 three colons", "2001:::1", "too many ':'"),
                argumentSet("IPv6 five hex digits", "2001:db8:12345::1", "more than 4 hex digits"),
                argumentSet("IPv6 nine groups", "1:2:3:4:5:6:7:8:9", "too many groups"),
                argumentSet("IPv6 seven groups", "1:2:3:4:5:6:7", "8 groups"),
                argumentSet("IPv6 gap standing for no group", "1:2:3:4::5:6:7:8", "at least one group"),
                argumentSet("IPv6 leading single colon", ":1:2:3:4:5:6:7", "cannot start with a single ':'"),
                argumentSet("IPv6 trailing single colon", "1:2:3:4:5:6:7:", "cannot end with a single ':'"),
                argumentSet("IPv6 non-hex digit", "2001:db8::g", "unexpected character 'g'"),
                argumentSet("IPv6 bad embedded IPv4", "::ffff:192.0.2.256", "greater than 255"),
                argumentSet("IPv6 embedded IPv4 with three octets", "::ffff:192.0.2", "4 octets"),
                argumentSet("IPv6 embedded IPv4 not last", "::192.0.2.7:1", "unexpected text after the address"),
                argumentSet("IPv6 embedded IPv4 with too many groups", "1:2:3:4:5:6:7:192.0.2.7", "too many groups"),
                argumentSet("lone colon", ":", "cannot start with a single ':'"));
    }

    @ParameterizedTest
    @MethodSource("malformedLiterals")
    void malformedLiteralIsRefusedWithAClearMessage(String literal, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(literal));
        assertTrue(e.getMessage().contains(messagePart), () -> "message was: " + e.getMessage());
        assertEquals(Optional.empty(), IpAddress.tryParse(literal));
    }

    @Test
    void ipv4AndItsMappedIpv6SpellingAreTheSameAddress() {
        IpAddress ipv4 = IpAddress.parse("192.0.2.7");
        IpAddress mapped = IpAddress.parse("::ffff:192.0.2.7");
        assertEquals(ipv4, mapped);
        assertEquals(ipv4.hashCode(), mapped.hashCode());
        assertEquals(0, ipv4.compareTo(mapped));
        assertTrue(mapped.isIpv4());
        assertEquals(0L, ipv4.high());
        assertEquals(0xffff_c000_0207L, ipv4.low());
        assertEquals(ipv4, IpAddress.ofIpv4(0xc000_0207));
    }

    @Test
    void onlyTheMappedBlockIsIpv4() {
        assertTrue(IpAddress.parse("::ffff:0.0.0.0").isIpv4());
        assertTrue(IpAddress.parse("::ffff:255.255.255.255").isIpv4());
        assertFalse(IpAddress.parse("::fffe:ffff:ffff").isIpv4());
        assertFalse(IpAddress.parse("::1:0:0:0").isIpv4());
        assertFalse(IpAddress.parse("::192.0.2.7").isIpv4());
        assertFalse(IpAddress.parse("1::ffff:192.0.2.7").isIpv4());
    }

    @Test
    void addressesOrderByTheirUnsigned128BitValue() {
        List<IpAddress> sorted = Stream.of("::1", "0.0.0.1", "255.255.255.255", "::1:0:0:0", "8000::", "ffff::")
                .map(IpAddress::parse).sorted().toList();
        assertEquals("[::1, 0.0.0.1, 255.255.255.255, ::1:0:0:0, 8000::, ffff::]", sorted.toString());
        assertTrue(IpAddress.parse("128.0.0.0").compareTo(IpAddress.parse("127.255.255.255")) > 0);
    }

    @Test
    void reverseNamesAreTheOnesDnsQueriesUse() {
        IpAddress ipv4 = IpAddress.parse("192.0.2.7");
        assertEquals("7.2.0.192.in-addr.arpa", ipv4.reverseName());
        assertEquals("7.2.0.192", ipv4.reversedLabels());
        assertEquals("7.2.0.192.in-addr.arpa", IpAddress.parse("::ffff:192.0.2.7").reverseName());
        IpAddress ipv6 = IpAddress.parse("2001:db8::567:89ab");
        assertEquals("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", ipv6.reverseName());
        assertEquals("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2", ipv6.reversedLabels());
    }

    @Test
    void jdkAddressesConvertBothWaysWithoutLookups() throws Exception {
        for (String text : List.of("192.0.2.7", "0.0.0.0", "255.255.255.255", "2001:db8::7", "::", "fe80::1")) {
            IpAddress address = IpAddress.parse(text);
            InetAddress jdk = address.toInetAddress();
            assertEquals(address, IpAddress.of(jdk));
            assertEquals(text, IpAddress.of(InetAddress.getByAddress(jdk.getAddress())).toString());
        }
        assertInstanceOf(Inet4Address.class, IpAddress.parse("::ffff:192.0.2.7").toInetAddress());
        assertInstanceOf(Inet6Address.class, IpAddress.parse("::192.0.2.7").toInetAddress());
        InetAddress scoped = Inet6Address.getByAddress(null, IpAddress.parse("fe80::1").toInetAddress().getAddress(), 3);
        assertEquals(IpAddress.parse("fe80::1"), IpAddress.of(scoped));
        assertEquals("/192.0.2.7", IpAddress.parse("192.0.2.7").toInetAddress().toString(), "no host name, no lookup");
    }

    @Test
    void tryParseSaysNothingForNull() {
        assertEquals(Optional.empty(), IpAddress.tryParse(null));
    }

    @Test
    void everyIpv4AddressOfASampleSurvivesTextRoundTrips() {
        List<Integer> samples = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            samples.add(random.nextInt());
        }
        for (int bits : samples) {
            IpAddress address = IpAddress.ofIpv4(bits);
            assertEquals(address, IpAddress.parse(address.toString()));
            assertEquals(address, IpAddress.parse("::ffff:" + address));
        }
    }

    @Test
    void randomIpv6AddressesSurviveTextRoundTrips() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 5000; i++) {
            // sparse groups so that zero runs of every length occur
            long high = sparse(random);
            long low = sparse(random);
            IpAddress address = IpAddress.of(high, low);
            String text = address.toString();
            assertEquals(address, IpAddress.parse(text), text);
            assertFalse(text.contains(":::"), text);
            assertEquals(text.toLowerCase(), text);
        }
    }

    private static long sparse(java.util.Random random) {
        long value = 0;
        for (int g = 0; g < 4; g++) {
            value = value << 16 | (random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0);
        }
        return value;
    }
}
