package dev.moat.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.NetworkAddressList.ParseResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressSetTest {
    private static final IpAddress MAPPED_FIRST = IpAddress.parse("0.0.0.0");
    private static final IpAddress MAPPED_LAST = IpAddress.parse("255.255.255.255");
    private static final IpAddress ZERO = IpAddress.parse("::");
    private static final IpAddress ALL_ONES = IpAddress.of(-1, -1);

    @Test
    void compiledListAgreesWithALineByLineScanWhereTheLastCoveringLineWins() {
        Random random = new Random(20240601);
        for (int round = 0; round < 400; round++) {
            RandomList list = RandomList.generate(random, 1 + random.nextInt(40));
            AddressSet set = compile(list.text());
            for (IpAddress probe : list.probes(random)) {
                int expected = list.naiveLineOf(probe);
                assertEquals(expected, set.lineOf(probe), () -> probe + " in\n" + list.text());
                assertEquals(expected > 0, set.contains(probe), () -> probe + " in\n" + list.text());
                assertEquals(expected > 0, set.contains(probe.toInetAddress()), () -> probe + " in\n" + list.text());
            }
        }
    }

    @Test
    void largeListsSpreadOverManyBucketsAgreeWithTheScanToo() {
        Random random = new Random(4242);
        for (int round = 0; round < 3; round++) {
            RandomList list = RandomList.generate(random, 20_000, 1 << (12 + 6 * round));
            AddressSet set = compile(list.text());
            List<IpAddress> probes = list.probes(random);
            for (int i = 0; i < 3000; i++) {
                IpAddress probe = probes.get(random.nextInt(probes.size()));
                assertEquals(list.naiveLineOf(probe), set.lineOf(probe), probe::toString);
            }
        }
    }

    @Test
    void unionHoldsWhatEitherHoldsAndKeepsTheFirstSetsLines() {
        Random random = new Random(77);
        for (int round = 0; round < 200; round++) {
            RandomList a = RandomList.generate(random, random.nextInt(25));
            RandomList b = RandomList.generate(random, random.nextInt(25));
            AddressSet setA = compile(a.text());
            AddressSet setB = compile(b.text());
            AddressSet union = setA.union(setB);
            List<IpAddress> probes = new ArrayList<>(a.probes(random));
            probes.addAll(b.probes(random));
            for (IpAddress probe : probes) {
                boolean inA = setA.contains(probe);
                boolean inB = setB.contains(probe);
                assertEquals(inA || inB, union.contains(probe), () -> probe + " in\n" + a.text() + "\n--\n" + b.text());
                assertEquals(inA ? setA.lineOf(probe) : setB.lineOf(probe), union.lineOf(probe), probe::toString);
            }
        }
    }

    @Test
    void unionOfManyHoldsWhatAnyHolds() {
        Random random = new Random(78);
        for (int round = 0; round < 100; round++) {
            List<RandomList> lists = new ArrayList<>();
            List<AddressSet> sets = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lists.add(RandomList.generate(random, random.nextInt(20)));
                sets.add(compile(lists.get(i).text()));
            }
            AddressSet union = AddressSet.unionOf(sets);
            for (RandomList list : lists) {
                for (IpAddress probe : list.probes(random)) {
                    assertEquals(sets.stream().anyMatch(set -> set.contains(probe)), union.contains(probe), probe::toString);
                }
            }
        }
        AddressSet one = compile("192.0.2.7");
        assertSame(one, AddressSet.unionOf(List.of(AddressSet.empty(), one, AddressSet.empty())));
        assertSame(AddressSet.empty(), AddressSet.unionOf(List.of()));
    }

    @Test
    void deeplyNestedExclusionsAndInclusionsAlternate() {
        int depth = 20_000;
        AddressSet.Builder builder = AddressSet.builder();
        for (int i = 0; i < depth; i++) {
            IpAddress first = IpAddress.ofIpv4(0x0a00_0000 + i);
            IpAddress last = IpAddress.ofIpv4(0x0a00_0000 + 2 * depth - i);
            if (i % 2 == 0) {
                builder.include(first, last, i + 1);
            } else {
                builder.exclude(first, last);
            }
        }
        AddressSet set = builder.build();
        for (int offset = -1; offset <= 2 * depth + 1; offset++) {
            int innermost = Math.min(offset, 2 * depth - offset);
            int line = offset < 0 || offset > 2 * depth ? -1 : Math.min(innermost, depth - 1);
            int expected = line < 0 || line % 2 == 1 ? -1 : line + 1;
            assertEquals(expected, set.lineOf(IpAddress.ofIpv4(0x0a00_0000 + offset)), "offset " + offset);
        }
        assertEquals(depth, set.rangeCount());
    }

    @Test
    void piecesOfOneLineMergeButNeighbouringLinesStaySplit() {
        assertEquals(1, compile("192.0.2.50-192.0.2.60\n192.0.2.0/24").rangeCount());
        assertEquals(2, compile("192.0.2.0/25\n192.0.2.128/25").rangeCount());
        assertEquals(1, compile("192.0.2.0/24\n!192.0.2.0/26\n!192.0.2.64/26").rangeCount());
        assertEquals(3, compile("192.0.2.0/24\n192.0.2.100").rangeCount());
        assertEquals(1, compile("2001:db8::10-2001:db8::20\n2001:db8::/64").rangeCount());
    }

    @Test
    void ipv6EntryAcrossTheMappedBlockSplitsIntoIpv4AndIpv6Ranges() {
        AddressSet set = compile("::/0");
        assertEquals(3, set.rangeCount());
        assertTrue(set.contains(IpAddress.parse("192.0.2.7")));
        assertEquals(1, set.lineOf(ALL_ONES));
        assertEquals(1, set.lineOf(ZERO));
    }

    @Test
    void jdkAddressesAreLookedUpByTheirBytes() throws Exception {
        AddressSet set = compile("192.0.2.0/24\n2001:db8::/32");
        assertTrue(set.contains(InetAddress.getByName("192.0.2.7")));
        assertTrue(set.contains(InetAddress.getByName("::ffff:192.0.2.7")));
        assertTrue(set.contains(InetAddress.getByName("2001:db8::1")));
        assertFalse(set.contains(InetAddress.getByName("198.51.100.1")));
        assertFalse(set.contains(InetAddress.getByName("2001:db9::1")));
    }

    @Test
    void emptySetHoldsNothingAndIsTheUnionIdentity() {
        AddressSet empty = AddressSet.empty();
        AddressSet some = compile("192.0.2.7");
        assertFalse(empty.contains(IpAddress.parse("0.0.0.0")));
        assertFalse(empty.contains(ZERO));
        assertEquals(-1, empty.lineOf(ALL_ONES));
        assertTrue(empty.isEmpty());
        assertSame(some, some.union(empty));
        assertSame(some, empty.union(some));
        assertSame(empty, AddressSet.builder().build());
    }

    @Test
    void builderRefusesReversedRangesAndLineZero() {
        IpAddress low = IpAddress.parse("192.0.2.1");
        IpAddress high = IpAddress.parse("192.0.2.2");
        assertThrows(IllegalArgumentException.class, () -> AddressSet.builder().include(high, low, 1));
        assertThrows(IllegalArgumentException.class, () -> AddressSet.builder().include(low, high, 0));
        assertThrows(IllegalArgumentException.class, () -> AddressSet.builder().exclude(high, low));
    }

    @Test
    void builderMatchesTheListFormat() {
        AddressSet built = AddressSet.builder()
                .include(IpAddress.parse("192.0.2.0"), IpAddress.parse("192.0.2.255"), 1)
                .exclude(IpAddress.parse("192.0.2.15"), IpAddress.parse("192.0.2.15"))
                .build();
        assertTrue(built.contains(IpAddress.parse("192.0.2.14")));
        assertFalse(built.contains(IpAddress.parse("192.0.2.15")));
        assertEquals(2, built.rangeCount());
        assertEquals("AddressSet[2 IPv4 ranges, 0 IPv6 ranges]", built.toString());
    }

    static AddressSet compile(String text) {
        ParseResult result = NetworkAddressList.parse(text);
        assertEquals(List.of(), result.errors(), text);
        return result.list().addresses();
    }

    static IpAddress next(IpAddress a) {
        return a.equals(ALL_ONES) ? a : IpAddress.of(a.high() + (a.low() == -1 ? 1 : 0), a.low() + 1);
    }

    static IpAddress previous(IpAddress a) {
        return a.equals(ZERO) ? a : IpAddress.of(a.high() - (a.low() == 0 ? 1 : 0), a.low() - 1);
    }

    /** One generated entry: its addresses, whether it excludes, the line it is written on. */
    record Entry(IpAddress first, IpAddress last, boolean exclusion, int line) {
        boolean covers(IpAddress a) {
            return first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
        }
    }

    /** A random list in a small universe, so that entries overlap, with its text and a naive scan. */
    record RandomList(List<Entry> entries, String text) {
        private static final long IPV6_BASE = 0x2001_0db8_0000_0000L;

        static RandomList generate(Random random, int size) {
            return generate(random, size, 512);
        }

        /** {@code size} entries whose addresses start within {@code universe} of a base. */
        static RandomList generate(Random random, int size, int universe) {
            List<Entry> entries = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int line = 0;
            for (int i = 0; i < size; i++) {
                if (random.nextInt(8) == 0) {
                    text.append(random.nextBoolean() ? "; comment\n" : "\n");
                    line++;
                }
                boolean exclusion = random.nextInt(10) < 3;
                IpAddress[] ends = randomEntry(random, universe, text.append(exclusion ? "!" : ""));
                line++;
                entries.add(new Entry(ends[0], ends[1], exclusion, line));
                text.append(random.nextInt(6) == 0 ? " ; why\n" : "\n");
            }
            return new RandomList(entries, text.toString());
        }

        /** Appends one entry's text and returns its first and last address. */
        private static IpAddress[] randomEntry(Random random, int universe, StringBuilder text) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                String[] wide = {"::/0", "::ffff:0:0/96", "::fff0:0:0-::1:0:0:1", "0.0.0.0/0", "::/96",
                    "255.255.255.0/24", "0.0.0.0/30", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124", "::/126"};
                String entry = wide[random.nextInt(wide.length)];
                text.append(entry);
                ParseResult parsed = NetworkAddressList.parse(entry);
                return bounds(parsed, entry);
            }
            boolean ipv4 = kind < 13;
            IpAddress a = ipv4
                    ? IpAddress.ofIpv4(0x0a00_0000 + random.nextInt(universe))
                    : IpAddress.of(IPV6_BASE + (universe > 512 ? random.nextInt(universe) : 0), random.nextInt(universe));
            int shape = random.nextInt(3);
            if (shape == 0) {
                text.append(ipv4 && random.nextInt(4) == 0 ? "::ffff:" + a : a.toString());
                return new IpAddress[] {a, a};
            }
            if (shape == 1) {
                IpAddress b = IpAddress.of(a.high(), a.low() + random.nextInt(64));
                text.append(a).append(random.nextBoolean() ? "-" : " - ").append(b);
                return new IpAddress[] {a, b};
            }
            int hostBits = random.nextInt(8);
            long mask = -1L << hostBits;
            IpAddress network = IpAddress.of(a.high(), a.low() & mask);
            text.append(network).append('/').append((ipv4 ? 32 : 128) - hostBits);
            return new IpAddress[] {network, IpAddress.of(a.high(), a.low() | ~mask)};
        }

        private static IpAddress[] bounds(ParseResult parsed, String entry) {
            // The universe-wide entries are few and fixed; their bounds are spelled out here.
            return switch (entry) {
                case "::/0" -> new IpAddress[] {ZERO, ALL_ONES};
                case "::ffff:0:0/96", "0.0.0.0/0" -> new IpAddress[] {MAPPED_FIRST, MAPPED_LAST};
                case "::fff0:0:0-::1:0:0:1" -> new IpAddress[] {IpAddress.parse("::fff0:0:0"), IpAddress.parse("::1:0:0:1")};
                case "::/96" -> new IpAddress[] {ZERO, IpAddress.parse("::ffff:ffff")};
                case "255.255.255.0/24" -> new IpAddress[] {IpAddress.parse("255.255.255.0"), MAPPED_LAST};
                case "0.0.0.0/30" -> new IpAddress[] {MAPPED_FIRST, IpAddress.parse("0.0.0.3")};
                case "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124" ->
                        new IpAddress[] {IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0"), ALL_ONES};
                case "::/126" -> new IpAddress[] {ZERO, IpAddress.parse("::3")};
                default -> throw new AssertionError(entry + " " + parsed);
            };
        }

        /** The line of the last entry covering {@code a} if it includes, else -1. */
        int naiveLineOf(IpAddress a) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                Entry entry = entries.get(i);
                if (entry.covers(a)) {
                    return entry.exclusion() ? -1 : entry.line();
                }
            }
            return -1;
        }

        /** Every entry's bounds ±1, the mapped block's edges, the extremes and random addresses. */
        List<IpAddress> probes(Random random) {
            List<IpAddress> probes = new ArrayList<>(List.of(ZERO, ALL_ONES, MAPPED_FIRST, MAPPED_LAST,
                    previous(MAPPED_FIRST), next(MAPPED_LAST)));
            for (Entry entry : entries) {
                for (IpAddress bound : List.of(entry.first(), entry.last())) {
                    probes.add(previous(bound));
                    probes.add(bound);
                    probes.add(next(bound));
                }
            }
            for (int i = 0; i < 40; i++) {
                probes.add(IpAddress.ofIpv4(0x0a00_0000 + random.nextInt(600)));
                probes.add(IpAddress.of(IPV6_BASE, random.nextInt(600)));
                probes.add(IpAddress.of(random.nextLong(), random.nextLong()));
                probes.add(IpAddress.ofIpv4(random.nextInt()));
            }
            return probes;
        }
    }
}
