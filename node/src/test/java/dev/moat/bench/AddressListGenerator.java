package dev.moat.bench;

import dev.moat.net.IpAddress;
import java.util.Random;

/**
 * Writes large network address lists like the feeds and country blocks administrators load:
 * a fixed-seed random mix of single addresses, ranges and prefixes, 80% IPv4 and 20% IPv6
 * (in 2000::/3), optionally with a share of exclusions. Also gives probe addresses, half
 * taken from the entries (hits) and half random, and lists of addresses and prefixes only,
 * which Postfix's cidr tables can hold too.
 */
final class AddressListGenerator {
    private final Random random;

    AddressListGenerator(long seed) {
        random = new Random(seed);
    }

    /** {@code entries} lines; {@code exclusionPercent} of them start with {@code !}. */
    String list(int entries, int exclusionPercent) {
        return list(entries, exclusionPercent, true);
    }

    /** {@code entries} lines of single addresses and prefixes, no ranges: a cidr table's patterns. */
    String cidrList(int entries) {
        return list(entries, 0, false);
    }

    private String list(int entries, int exclusionPercent, boolean ranges) {
        StringBuilder text = new StringBuilder(entries * 24);
        for (int i = 0; i < entries; i++) {
            if (random.nextInt(100) < exclusionPercent) {
                text.append('!');
            }
            if (random.nextInt(100) < 80) {
                ipv4Entry(text, ranges);
            } else {
                ipv6Entry(text, ranges);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private void ipv4Entry(StringBuilder text, boolean ranges) {
        int address = random.nextInt();
        switch (random.nextInt(3)) {
            case 0 -> text.append(IpAddress.ofIpv4(address));
            case 1 -> {
                if (!ranges) {
                    text.append(IpAddress.ofIpv4(address & -32)).append("/27");
                    return;
                }
                int last = (int) Math.min(0xffff_ffffL, (address & 0xffff_ffffL) + random.nextInt(1024));
                text.append(IpAddress.ofIpv4(address)).append('-').append(IpAddress.ofIpv4(last));
            }
            default -> {
                int length = 16 + random.nextInt(17);
                int mask = length == 0 ? 0 : -1 << (32 - length);
                text.append(IpAddress.ofIpv4(address & mask)).append('/').append(length);
            }
        }
    }

    private void ipv6Entry(StringBuilder text, boolean ranges) {
        long high = 0x2000_0000_0000_0000L | (random.nextLong() >>> 3);
        long low = random.nextLong();
        switch (random.nextInt(3)) {
            case 0 -> text.append(IpAddress.of(high, low));
            case 1 -> {
                if (!ranges) {
                    text.append(IpAddress.of(high, low & -65536L)).append("/112");
                    return;
                }
                long last = low + random.nextInt(1 << 16);
                text.append(IpAddress.of(high, low)).append('-').append(IpAddress.of(high, Long.compareUnsigned(last, low) < 0 ? -1 : last));
            }
            default -> {
                int length = 32 + random.nextInt(97);
                long maskHigh = length >= 64 ? -1L : -1L << (64 - length);
                long maskLow = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
                text.append(IpAddress.of(high & maskHigh, low & maskLow)).append('/').append(length);
            }
        }
    }

    /** {@code count} probes, 80% IPv4; half are addresses written in {@code list}, half random. */
    IpAddress[] probes(String list, int count) {
        String[] lines = list.split("\n");
        IpAddress[] probes = new IpAddress[count];
        for (int i = 0; i < count; i++) {
            if (random.nextBoolean()) {
                String line = lines[random.nextInt(lines.length)];
                String first = line.replace("!", "").split("[-/]")[0];
                probes[i] = IpAddress.parse(first);
            } else if (random.nextInt(100) < 80) {
                probes[i] = IpAddress.ofIpv4(random.nextInt());
            } else {
                probes[i] = IpAddress.of(0x2000_0000_0000_0000L | (random.nextLong() >>> 3), random.nextLong());
            }
        }
        return probes;
    }
}
