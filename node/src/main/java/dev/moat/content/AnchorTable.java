package dev.moat.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wildcard lines that must start (or, read from the end, must end) with a literal run,
 * grouped by the first 1, 2, 4, 8 or 16 characters of that run (the longest of these the run
 * holds). A bitmap of the first two characters (read from the end: the last two) of every run
 * turns most lines away with one read; the others cost at most five probes of one
 * open-addressing table, hashing the line's first (last) 16 characters once, however many lines
 * the list holds; only lines of the same key are then matched whole.
 */
final class AnchorTable {
    private static final int MAX_KEY = 16;
    private static final AnchorTable EMPTY = new AnchorTable(false, 0, 0, new long[1], new Wildcard[1][],
            new long[1 << 10]);

    private final boolean fromEnd;
    private final int lengths;
    private final int longest;
    private final long[] keys;
    private final Wildcard[][] candidates;
    private final int mask;
    /** One bit per pair of first characters (chars are octets) that some run starts with. */
    private final long[] pairs;

    private AnchorTable(boolean fromEnd, int lengths, int longest, long[] keys, Wildcard[][] candidates,
            long[] pairs) {
        this.fromEnd = fromEnd;
        this.lengths = lengths;
        this.longest = longest;
        this.keys = keys;
        this.candidates = candidates;
        this.mask = keys.length - 1;
        this.pairs = pairs;
    }

    /** The table of {@code patterns} by their prefix, or by their suffix when {@code fromEnd}. */
    static AnchorTable of(List<Wildcard> patterns, boolean fromEnd) {
        if (patterns.isEmpty()) {
            return EMPTY;
        }
        Map<Long, List<Wildcard>> groups = new LinkedHashMap<>();
        int lengths = 0;
        int longest = 0;
        long[] pairs = new long[1 << 10];
        for (Wildcard pattern : patterns) {
            String run = fromEnd ? pattern.suffix() : pattern.prefix();
            int first = (fromEnd ? run.charAt(run.length() - 1) : run.charAt(0)) & 0xFF;
            if (run.length() == 1) {
                for (int second = 0; second < 256; second++) {
                    set(pairs, first << 8 | second);
                }
            } else {
                set(pairs, first << 8 | ((fromEnd ? run.charAt(run.length() - 2) : run.charAt(1)) & 0xFF));
            }
            int length = Integer.highestOneBit(Math.min(run.length(), MAX_KEY));
            lengths |= length;
            longest = Math.max(longest, length);
            groups.computeIfAbsent(key(length, hash(run, length, fromEnd)), k -> new ArrayList<>()).add(pattern);
        }
        int size = Integer.highestOneBit(Math.max(2, groups.size() * 2 - 1)) << 1;
        long[] keys = new long[size];
        Wildcard[][] candidates = new Wildcard[size][];
        for (var group : groups.entrySet()) {
            int slot = slot(group.getKey(), size - 1);
            while (keys[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            keys[slot] = group.getKey();
            candidates[slot] = group.getValue().toArray(Wildcard[]::new);
        }
        return new AnchorTable(fromEnd, lengths, longest, keys, candidates, pairs);
    }

    private static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    /** The first pattern that matches {@code line} whole, or null. */
    BannedEntry find(String line) {
        int n = line.length();
        if (n == 0) {
            return null;
        }
        if (n > 1) {
            int pair = (fromEnd ? line.charAt(n - 1) << 8 | line.charAt(n - 2) : line.charAt(0) << 8 | line.charAt(1))
                    & 0xFFFF;
            if ((pairs[pair >>> 6] & 1L << pair) == 0) {
                return null;
            }
        }
        int limit = Math.min(n, longest);
        int h = 0;
        for (int k = 1; k <= limit; k++) {
            h = 31 * h + (fromEnd ? line.charAt(n - k) : line.charAt(k - 1));
            if ((k & lengths) != 0 && Integer.bitCount(k) == 1) {
                BannedEntry found = probe(key(k, h), line);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private BannedEntry probe(long key, String line) {
        int slot = slot(key, mask);
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                for (Wildcard candidate : candidates[slot]) {
                    if (candidate.matches(line)) {
                        return candidate.entry();
                    }
                }
                return null;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int hash(String run, int length, boolean fromEnd) {
        int h = 0;
        for (int k = 1; k <= length; k++) {
            h = 31 * h + (fromEnd ? run.charAt(run.length() - k) : run.charAt(k - 1));
        }
        return h;
    }

    private static long key(int length, int hash) {
        return ((long) length << 32) | (hash & 0xFFFFFFFFL);
    }

    private static int slot(long key, int mask) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) & mask;
    }
}
