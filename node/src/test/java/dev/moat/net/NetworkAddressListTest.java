package dev.moat.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.moat.net.NetworkAddressList.LineError;
import dev.moat.net.NetworkAddressList.ParseResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkAddressListTest {

    /** One case per format rule: the list, addresses it must hold, addresses it must not. */
    static Stream<Arguments> formatRules() {
        return Stream.of(
                argumentSet("single IPv4 address", "192.0.2.7", "192.0.2.7", "192.0.2.6 192.0.2.8"),
                argumentSet("single IPv6 address", "2001:db8::7", "2001:db8::7", "2001:db8::6 2001:db8::8"),
                argumentSet("range includes both ends", "192.0.2.10-192.0.2.20",
                        "192.0.2.10 192.0.2.15 192.0.2.20", "192.0.2.9 192.0.2.21"),
                argumentSet("range allows spaces around the dash", "192.0.2.10 \t-  192.0.2.20",
                        "192.0.2.10 192.0.2.20", "192.0.2.9 192.0.2.21"),
                argumentSet("range of one address", "192.0.2.10-192.0.2.10", "192.0.2.10", "192.0.2.9 192.0.2.11"),
                argumentSet("IPv6 range", "2001:db8::10-2001:db8::20", "2001:db8::10 2001:db8::1a 2001:db8::20",
                        "2001:db8::f 2001:db8::21"),
                argumentSet("IPv4 prefix", "192.0.2.0/24", "192.0.2.0 192.0.2.255", "192.0.1.255 192.0.3.0"),
                argumentSet("IPv4 prefix allows spaces around the slash", "192.0.2.0 / 24", "192.0.2.0 192.0.2.255",
                        "192.0.3.0"),
                argumentSet("IPv4 /32 prefix is one address", "192.0.2.7/32", "192.0.2.7", "192.0.2.6 192.0.2.8"),
                argumentSet("IPv4 /0 prefix is every IPv4 address", "0.0.0.0/0", "0.0.0.0 255.255.255.255",
                        "::1 2001:db8::1 ::fffe:ffff:ffff ::1:0:0:0"),
                argumentSet("IPv6 prefix", "2001:db8::/32", "2001:db8:: 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
                        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff 2001:db9::"),
                argumentSet("IPv6 /128 prefix is one address", "2001:db8::7/128", "2001:db8::7", "2001:db8::6 2001:db8::8"),
                argumentSet("IPv6 /64 prefix", "2001:db8:0:1::/64", "2001:db8:0:1:: 2001:db8:0:1:ffff:ffff:ffff:ffff",
                        "2001:db8:0:2:: 2001:db8::ffff:ffff:ffff:ffff"),
                argumentSet("IPv6 /0 prefix covers the IPv4 addresses too", "::/0",
                        ":: 192.0.2.7 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ""),
                argumentSet("IPv4-mapped address is the IPv4 address", "::ffff:192.0.2.7", "192.0.2.7", "192.0.2.8"),
                argumentSet("IPv4-mapped prefix is an IPv4 prefix", "::ffff:192.0.2.0/120", "192.0.2.0 192.0.2.255",
                        "192.0.3.0 192.0.1.255"),
                argumentSet("IPv4-mapped /96 is every IPv4 address", "::ffff:0:0/96", "0.0.0.0 255.255.255.255",
                        "::fffe:ffff:ffff ::1:0:0:0"),
                argumentSet("IPv4-mapped range end is IPv4", "::ffff:192.0.2.10-192.0.2.20", "192.0.2.10 192.0.2.20",
                        "192.0.2.21"),
                argumentSet("IPv6 range across the mapped block covers IPv4", "::fff0:0:0-::1:0:0:1",
                        "::fff0:0:0 0.0.0.0 192.0.2.7 255.255.255.255 ::1:0:0:0 ::1:0:0:1", "::ffef:ffff:ffff ::1:0:0:2"),
                argumentSet("exclusion removes an address", "192.0.2.0/24\n!192.0.2.15", "192.0.2.14 192.0.2.16",
                        "192.0.2.15"),
                argumentSet("exclusion removes a range", "192.0.2.0/24\n!192.0.2.16-192.0.2.17", "192.0.2.15 192.0.2.18",
                        "192.0.2.16 192.0.2.17"),
                argumentSet("exclusion removes a prefix", "192.0.2.0/24\n!192.0.2.128/25", "192.0.2.127",
                        "192.0.2.128 192.0.2.255"),
                argumentSet("exclusion allows a space after the bang", "192.0.2.0/24\n! 192.0.2.15", "192.0.2.14",
                        "192.0.2.15"),
                argumentSet("exclusion acts only on the lines above it", "!192.0.2.15\n192.0.2.0/24", "192.0.2.15", ""),
                argumentSet("later inclusion adds excluded addresses back", "192.0.2.0/24\n!192.0.2.0/28\n192.0.2.5",
                        "192.0.2.5 192.0.2.16", "192.0.2.4 192.0.2.6 192.0.2.15"),
                argumentSet("IPv6 exclusion", "2001:db8::/32\n!2001:db8::/48", "2001:db8:1::",
                        "2001:db8:: 2001:db8:0:ffff:ffff:ffff:ffff:ffff"),
                argumentSet("comment after an entry", "192.0.2.7 ; a spammer", "192.0.2.7", ""),
                argumentSet("comment without a space", "192.0.2.7;a spammer", "192.0.2.7", ""),
                argumentSet("comment line", "; 192.0.2.7\n;192.0.2.8", "", "192.0.2.7 192.0.2.8"),
                argumentSet("comment line after spaces", "   ; 192.0.2.7", "", "192.0.2.7"),
                argumentSet("empty and blank lines", "\n   \n\t\n192.0.2.7\n\n", "192.0.2.7", ""),
                argumentSet("surrounding whitespace is trimmed", "  192.0.2.7\t \n\t2001:db8::7 ", "192.0.2.7 2001:db8::7", ""),
                argumentSet("no-break spaces around an entry are trimmed", "\u00a0192.0.2.7\u00a0", "192.0.2.7", ""),
                argumentSet("CRLF line ends", "192.0.2.7\r\n192.0.2.9\r\n", "192.0.2.7 192.0.2.9", "192.0.2.8"),
                argumentSet("CR line ends", "192.0.2.7\r192.0.2.9", "192.0.2.7 192.0.2.9", "192.0.2.8"),
                argumentSet("byte order mark is ignored", "\uFEFF192.0.2.7", "192.0.2.7", ""),
                argumentSet("empty text is an empty list", "", "", "192.0.2.7 ::1"));
    }

    @ParameterizedTest
    @MethodSource("formatRules")
    void listHoldsExactlyWhatItsLinesSay(String text, String inside, String outside) {
        ParseResult result = NetworkAddressList.parse(text);
        assertEquals(List.of(), result.errors());
        AddressSet set = result.list().addresses();
        for (String address : words(inside)) {
            assertTrue(set.contains(IpAddress.parse(address)), address + " should be in the list");
        }
        for (String address : words(outside)) {
            assertFalse(set.contains(IpAddress.parse(address)), address + " should not be in the list");
        }
    }

    /** One case per malformed form: the bad line and a part of the message it must give. */
    static Stream<Arguments> malformedLines() {
        return Stream.of(
                argumentSet("octet over 255", "192.0.2.256", "256 is greater than 255"),
                argumentSet("leading plus", "+192.0.2.7", "unexpected character '+'"),
                argumentSet("empty octet", "192..2.7", "empty octet"),
                argumentSet("three octets", "192.0.2", "has 3"),
                argumentSet("five octets", "192.0.2.7.1", "unexpected text after the address"),
                argumentSet("leading zero is ambiguous octal", "010.1.1.1", "leading zero"),
                argumentSet("garbage after the address", "192.0.2.7 trailing", "unexpected text after the address"),
                argumentSet("two addresses on a line", "192.0.2.7 192.0.2.8", "unexpected text after the address"),
                argumentSet("comma-separated addresses", "192.0.2.7,192.0.2.8", "unexpected text after the address"),
                argumentSet("wildcard", "192.0.2.*", "unexpected character '*'"),
                argumentSet("port", "192.0.2.7:25", "ports are not allowed"),
                argumentSet("IPv6 zone", "fe80::1%eth0", "zone ids are not allowed"),
                argumentSet("host name", "mail.example.com", "host names are not allowed"),
                argumentSet("brackets", "[2001:db8::1]", "brackets are not allowed"),
                argumentSet("IPv6 with two gaps", "2001::db8::1", "'::' may appear only once"),
                argumentSet("IPv6 with nine groups", "1:2:3:4:5:6:7:8:9", "too many groups"),
                argumentSet("IPv4 prefix with host bits", "192.0.2.1/24",
                        "bits right of the prefix are not zero: write the network 192.0.2.0/24, or the single address 192.0.2.1"),
                argumentSet("IPv6 prefix with host bits", "2001:db8::1/32", "write the network 2001:db8::/32"),
                argumentSet("mapped prefix with host bits", "::ffff:192.0.2.1/120", "write the network 192.0.2.0/24"),
                argumentSet("IPv4 prefix too long", "192.0.2.0/33", "out of range for IPv4 (0 to 32)"),
                argumentSet("IPv6 prefix too long", "2001:db8::/129", "out of range for IPv6 (0 to 128)"),
                argumentSet("huge prefix length", "192.0.2.0/99999999999", "out of range"),
                argumentSet("prefix without length", "192.0.2.0/", "needs a length"),
                argumentSet("prefix without network", "/24", "needs a network address"),
                argumentSet("prefix length not a number", "192.0.2.0/x", "not a number"),
                argumentSet("prefix length with sign", "192.0.2.0/+24", "not a number"),
                argumentSet("prefix length with leading zero", "192.0.2.0/024", "leading zero"),
                argumentSet("two slashes", "192.0.2.0/24/25", "one '/'"),
                argumentSet("prefix of a bad address", "192.0.2.256/24", "greater than 255"),
                argumentSet("reversed range", "192.0.2.20-192.0.2.10",
                        "the range is reversed: 192.0.2.20 comes after 192.0.2.10 (write 192.0.2.10-192.0.2.20)"),
                argumentSet("reversed IPv6 range", "2001:db8::2-2001:db8::1", "reversed"),
                argumentSet("range mixing IPv4 and IPv6", "192.0.2.10-2001:db8::1", "cannot mix"),
                argumentSet("range mixing IPv6 and IPv4", "::1-192.0.2.10", "cannot mix"),
                argumentSet("range without last address", "192.0.2.10-", "both sides"),
                argumentSet("range without first address", "-192.0.2.10", "both sides"),
                argumentSet("range with two dashes", "192.0.2.1-192.0.2.5-192.0.2.9", "one '-'"),
                argumentSet("range with a prefix", "192.0.2.0/24-192.0.2.255", "cannot have a prefix"),
                argumentSet("range with a bad first address", "192.0.2.300-192.0.2.310", "first address of the range"),
                argumentSet("range with a bad last address", "192.0.2.3-192.0.2.310", "last address of the range"),
                argumentSet("bang alone", "!", "needs an address"),
                argumentSet("bang before a comment", "! ; nothing", "needs an address"),
                argumentSet("two bangs", "!!192.0.2.7", "only one '!'"),
                argumentSet("bang after the address", "192.0.2.7!", "unexpected text after the address"),
                argumentSet("exclusion of a bad address", "!192.0.2.256", "greater than 255"),
                argumentSet("non-breaking space inside", "192.0.2.7\u00a0x", "unexpected"));
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void malformedLineRefusesTheListAndSaysWhy(String line, String messagePart) {
        ParseResult result = NetworkAddressList.parse("192.0.2.1\n" + line + "\n192.0.2.2\n");
        assertFalse(result.ok());
        assertNull(result.list());
        assertEquals(1, result.errors().size(), () -> result.errors().toString());
        LineError error = result.errors().get(0);
        assertEquals(2, error.line());
        assertEquals(line, error.text());
        assertTrue(error.message().contains(messagePart), () -> "message was: " + error.message());
    }

    @Test
    void everyBadLineIsReportedWithItsNumber() {
        String text = String.join("\n",
                "192.0.2.7",
                "192.0.2.256 ; typo",
                "; a comment",
                "spam.example",
                "",
                "2001:db8::/32",
                "192.0.2.20-192.0.2.10",
                "!");
        ParseResult result = NetworkAddressList.parse(text);
        assertNull(result.list());
        assertEquals(List.of(2, 4, 7, 8), result.errors().stream().map(LineError::line).toList());
        assertEquals("192.0.2.256 ; typo", result.errors().get(0).text());
        assertEquals("line 4: host names are not allowed, only address literals: 'spam.example': spam.example",
                result.errors().get(1).toString());
    }

    @Test
    void lineOfNamesTheLastInclusionLineCoveringTheAddress() {
        AddressSet set = parse("""
                ; Blacklisted
                192.0.2.0/24
                !192.0.2.0/28
                192.0.2.5

                2001:db8::/32 ; a whole network
                """).addresses();
        assertEquals(2, set.lineOf(IpAddress.parse("192.0.2.200")));
        assertEquals(-1, set.lineOf(IpAddress.parse("192.0.2.4")));
        assertEquals(4, set.lineOf(IpAddress.parse("192.0.2.5")));
        assertEquals(6, set.lineOf(IpAddress.parse("2001:db8:1::1")));
        assertEquals(-1, set.lineOf(IpAddress.parse("198.51.100.1")));
    }

    @Test
    void listKeepsItsTextAndShowsEachLine() {
        String text = "; clients\r\n192.0.2.0/24\r\n\r\n2001:db8::/32 ; office\r\n";
        NetworkAddressList list = parse(text);
        assertSame(text, list.text());
        assertEquals(2, list.entryCount());
        assertEquals(Optional.of("192.0.2.0/24"), list.line(2));
        assertEquals(Optional.of("2001:db8::/32 ; office"), list.line(list.addresses().lineOf(IpAddress.parse("2001:db8::1"))));
        assertEquals(Optional.empty(), list.line(5));
        assertEquals(Optional.empty(), list.line(0));
    }

    @Test
    void everyLineOfALongListIsFoundWhateverTheLineEndings() {
        StringBuilder text = new StringBuilder("\uFEFF");
        String[] endings = {"\n", "\r\n", "\r"};
        for (int n = 1; n <= 1000; n++) {
            text.append(n % 7 == 0 ? "; comment " + n : IpAddress.ofIpv4(0x0a00_0000 + n).toString())
                    .append(endings[n % 3]);
        }
        NetworkAddressList list = parse(text.toString());

        for (int n : new int[] {1, 2, 31, 32, 33, 64, 65, 255, 256, 257, 511, 512, 513, 768, 999, 1000}) {
            String expected = n % 7 == 0 ? "; comment " + n : IpAddress.ofIpv4(0x0a00_0000 + n).toString();
            assertEquals(Optional.of(expected), list.line(n), "line " + n);
        }
        assertEquals(Optional.empty(), list.line(1001));
        assertEquals(Optional.empty(), list.line(100_000));
        assertEquals(Optional.empty(), list.line(-1));
        assertEquals(Optional.of("10.0.1.0"), list.line(list.addresses().lineOf(IpAddress.parse("10.0.1.0"))));
    }

    @Test
    void emptyListHoldsNothing() {
        NetworkAddressList empty = NetworkAddressList.empty();
        assertEquals("", empty.text());
        assertEquals(0, empty.entryCount());
        assertFalse(empty.addresses().contains(IpAddress.parse("192.0.2.7")));
        assertEquals(0, parse("; nothing but comments\n\n").addresses().rangeCount());
    }

    private static NetworkAddressList parse(String text) {
        ParseResult result = NetworkAddressList.parse(text);
        assertEquals(List.of(), result.errors());
        return result.list();
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
