package dev.moat.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * The banned lines without {@code *}, looked up by the line's octets: a bitmap of the lengths
 * and one of the (first, last) octet pairs the lines have turn a line away before it is read
 * whole; the others are hashed eight octets at a time, tested against a bitmap of the hashes
 * (about fourteen bits a line, so it stays in the caches), and only then cost a probe of an
 * open-addressing table of the 64-bit hashes, compared octet for octet only when the hashes are
 * equal. However many lines the table holds, a line costs one hash and at most one probe.
 */
final class ExactTable {
    private static final int LENGTHS = 1 << 12;

    private final long[] hashes;
    private final byte[][] lines;
    private final BannedEntry[] entries;
    private final int shift;
    /** One bit per length under {@value #LENGTHS} some line has; a line this long or longer is always looked up. */
    private final long[] lengths = new long[LENGTHS >>> 6];
    /** One bit per (first octet, last octet) pair of some line. */
    private final long[] ends = new long[1 << 10];
    /** One bit per line, indexed by the low bits of its hash (the table's slot takes the high ones). */
    private final long[] present;

    /** The table of {@code entries}, at least one, each a distinct line. */
    ExactTable(Collection<BannedEntry> entries) {
        int size = Integer.highestOneBit(entries.size()) << 2;
        this.hashes = new long[size];
        this.lines = new byte[size][];
        this.entries = new BannedEntry[size];
        this.shift = 64 - Integer.numberOfTrailingZeros(size);
        this.present = new long[Math.max(16, Integer.highestOneBit(entries.size()) >> 2)];
        for (BannedEntry entry : entries) {
            byte[] line = entry.octets().getBytes(StandardCharsets.ISO_8859_1);
            int n = line.length;
            if (n < LENGTHS) {
                lengths[n >>> 6] |= 1L << n;
            }
            int pair = (line[0] & 0xFF) << 8 | (line[n - 1] & 0xFF);
            ends[pair >>> 6] |= 1L << pair;
            long hash = Octets.hash(line, 0, n);
            int bit = (int) hash & (present.length * 64 - 1);
            present[bit >>> 6] |= 1L << bit;
            int slot = (int) (hash >>> shift);
            while (hashes[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            hashes[slot] = hash;
            lines[slot] = line;
            this.entries[slot] = entry;
        }
    }

    /** The line the {@code n} octets of {@code a} from {@code from} are, or null. */
    BannedEntry find(byte[] a, int from, int n) {
        if (n == 0 || n < LENGTHS && (lengths[n >>> 6] & 1L << n) == 0) {
            return null;
        }
        int pair = (a[from] & 0xFF) << 8 | (a[from + n - 1] & 0xFF);
        if ((ends[pair >>> 6] & 1L << pair) == 0) {
            return null;
        }
        long hash = Octets.hash(a, from, n);
        int bit = (int) hash & (present.length * 64 - 1);
        if ((present[bit >>> 6] & 1L << bit) == 0) {
            return null;
        }
        int mask = hashes.length - 1;
        for (int slot = (int) (hash >>> shift); hashes[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && lines[slot].length == n && Arrays.equals(lines[slot], 0, n, a, from, from + n)) {
                return entries[slot];
            }
        }
        return null;
    }
}
