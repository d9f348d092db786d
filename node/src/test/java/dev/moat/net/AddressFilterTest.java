package dev.moat.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filter in front of the temporary lists: never a wrong "no", rarely a wrong "maybe", prefixes apart from addresses. */
class AddressFilterTest {

    private static IpAddress random(Random random) {
        return random.nextBoolean() ? IpAddress.ofIpv4(random.nextInt())
                : IpAddress.of(random.nextLong(), random.nextLong());
    }

    @Test
    void everyKeyAddedIsHeldAndFewOthersSeemToBe() {
        var filter = new AddressFilter();
        var random = new Random(11);
        Set<IpAddress> added = new HashSet<>();
        while (added.size() < 100_000) {
            IpAddress address = random(random);
            added.add(address);
            filter.add(address, 128);
        }
        for (IpAddress address : added) {
            assertTrue(filter.mayHold(address, 128), address::toString);
        }
        int falseMaybes = 0;
        int asked = 0;
        while (asked < 1_000_000) {
            IpAddress other = random(random);
            if (!added.contains(other)) {
                asked++;
                falseMaybes += filter.mayHold(other, 128) ? 1 : 0;
            }
        }
        assertTrue(falseMaybes < 1_000, falseMaybes + " false maybes in a million (under 0.1 % expected)");
    }

    @Test
    void keysReadAsTheListsWriteThemAddressesAndPrefixesApart() {
        var filter = new AddressFilter();
        assertTrue(filter.addKey("192.0.2.7"));
        assertTrue(filter.addKey("198.51.100.0/24"));
        assertTrue(filter.addKey("2001:db8:1:2::/64"));
        assertFalse(filter.addKey("not an address"));
        assertFalse(filter.addKey("192.0.2.0/x"));

        assertTrue(filter.mayHold(IpAddress.parse("192.0.2.7"), 128));
        assertTrue(filter.mayHold(IpAddress.parse("::ffff:192.0.2.7"), 128), "the same address, mapped");
        assertTrue(filter.mayHold(IpAddress.parse("198.51.100.0"), 120), "an IPv4 /24 is 120 of the 128 bits");
        assertTrue(filter.mayHold(IpAddress.parse("2001:db8:1:2::"), 64));
        assertFalse(filter.mayHold(IpAddress.parse("198.51.100.0"), 128), "the prefix is not its first address");
        assertFalse(filter.mayHold(IpAddress.parse("192.0.2.8"), 128));
        assertFalse(new AddressFilter().mayHold(IpAddress.parse("192.0.2.7"), 128));
    }
}
