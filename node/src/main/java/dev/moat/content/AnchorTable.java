package dev.moat.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wildcard lines that must start (or, read from the end, must end) with a literal run,
 * grouped by a fingerprint of the first 1, 2, 4, 8 or 16 octets of that run (the longest of
 * these the run holds). Two bitmaps turn most lines away before any table is read: one of the
 * first two octets of every run (read from the end: the last two), and one of the first eight
 * octets of every run that holds eight, read as one word. The others cost at most five probes
 * of one open-addressing table, each fingerprint made from one or two word reads of the line,
 * however many lines the list holds; only lines of the same fingerprint are then matched whole.
 */
final class AnchorTable {
    private static final int MAX_KEY = 16;

    private final boolean fromEnd;
    private final int lengths;
    private final int longest;
    private final long[] keys;
    private final Wildcard[][] candidates;
    private final int mask;
    /** One bit per pair of first octets that some run starts with (from the end: last, then the one before). */
    private final long[] pairs;
    /** One bit per word of the first eight octets (from the end: the last eight) of a run that holds eight. */
    private final long[] eights;
    private final int eightShift;

    private AnchorTable(boolean fromEnd, int lengths, int longest, long[] keys, Wildcard[][] candidates,
            long[] pairs, long[] eights) {
        this.fromEnd = fromEnd;
        this.lengths = lengths;
        this.longest = longest;
        this.keys = keys;
        this.candidates = candidates;
        this.mask = keys.length - 1;
        this.pairs = pairs;
        this.eights = eights;
        this.eightShift = shift(eights);
    }

    /** How far a spread word is shifted to index one bit of {@code bits}. */
    private static int shift(long[] bits) {
        return 64 - Integer.numberOfTrailingZeros(bits.length << 6);
    }

    private static long spread(long word) {
        return word * 0x9E3779B97F4A7C15L;
    }

    /** The table of {@code patterns} (at least one) by their prefix, or by their suffix when {@code fromEnd}. */
    static AnchorTable of(List<Wildcard> patterns, boolean fromEnd) {
        Map<Long, List<Wildcard>> groups = new LinkedHashMap<>();
        int lengths = 0;
        int longest = 0;
        long[] pairs = new long[1 << 10];
        long[] eights = new long[Math.max(16, Math.min(1 << 16, Integer.highestOneBit(patterns.size()) * 2))];
        for (Wildcard pattern : patterns) {
            byte[] run = fromEnd ? pattern.suffix() : pattern.prefix();
            int n = run.length;
            int first = (fromEnd ? run[n - 1] : run[0]) & 0xFF;
            if (n == 1) {
                for (int second = 0; second < 256; second++) {
                    set(pairs, first << 8 | second);
                }
            } else {
                set(pairs, first << 8 | ((fromEnd ? run[n - 2] : run[1]) & 0xFF));
            }
            if (n >= 8) {
                set(eights, (int) (spread(Octets.word(run, fromEnd ? n - 8 : 0, 8)) >>> shift(eights)));
            }
            int length = Integer.highestOneBit(Math.min(n, MAX_KEY));
            lengths |= length;
            longest = Math.max(longest, length);
            long key = Octets.fingerprint(run, fromEnd ? n - length : 0, length);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(pattern);
        }
        int size = Integer.highestOneBit(Math.max(2, groups.size() * 2 - 1)) << 1;
        long[] keys = new long[size];
        Wildcard[][] candidates = new Wildcard[size][];
        for (var group : groups.entrySet()) {
            int slot = slot(group.getKey(), size - 1);
            while (candidates[slot] != null) {
                slot = (slot + 1) & (size - 1);
            }
            keys[slot] = group.getKey();
            candidates[slot] = group.getValue().toArray(Wildcard[]::new);
        }
        return new AnchorTable(fromEnd, lengths, longest, keys, candidates, pairs, eights);
    }

    private static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    /** The first pattern that matches the {@code n} octets of {@code a} from {@code from} whole, or null. */
    BannedEntry find(byte[] a, int from, int n) {
        if (n == 0) {
            return null;
        }
        int end = from + n;
        if (n > 1) {
            int pair = fromEnd ? (a[end - 1] & 0xFF) << 8 | (a[end - 2] & 0xFF)
                    : (a[from] & 0xFF) << 8 | (a[from + 1] & 0xFF);
            if ((pairs[pair >>> 6] & 1L << pair) == 0) {
                return null;
            }
        }
        int limit = Math.min(n, longest);
        if (limit >= 8) {
            int eight = (int) (spread(Octets.word(a, fromEnd ? end - 8 : from, 8)) >>> eightShift);
            if ((eights[eight >>> 6] & 1L << eight) == 0) {
                limit = 4;
            }
        }
        for (int k = 1; k <= limit; k <<= 1) {
            if ((k & lengths) != 0) {
                BannedEntry found = probe(Octets.fingerprint(a, fromEnd ? end - k : from, k), a, from, n);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private BannedEntry probe(long key, byte[] a, int from, int n) {
        int slot = slot(key, mask);
        while (candidates[slot] != null) {
            if (keys[slot] == key) {
                for (Wildcard candidate : candidates[slot]) {
                    if (candidate.matches(a, from, n)) {
                        return candidate.entry();
                    }
                }
                return null;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /** The key's top bits (those that every octet of a fingerprint reaches), as many as {@code mask} holds. */
    private static int slot(long key, int mask) {
        return (int) (key >>> Long.numberOfLeadingZeros(mask)) & mask;
    }
}
