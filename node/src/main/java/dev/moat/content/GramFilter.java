package dev.moat.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wildcard lines that start and end with {@code *} ({@code *cheap pills*}) and whose
 * longest literal run holds at least {@value #GRAM} octets, found by sampling the line rather
 * than reading every octet. Each line's key is the first {@value #MAX_KEY} octets (at most) of
 * that run; with {@code span} the shortest key, every key's {@value #GRAM}-octet words at
 * offsets 0 to {@code span - GRAM} are entered, so any key that occurs in a line covers one
 * word at a multiple of {@code step = span - GRAM + 1}: only those words are read, one in
 * nine for keys of sixteen octets. Each costs a multiply and one bit of a bitmap with at most
 * one bit in 64 set (32 KB for a thousand lines); a set bit looks the word up in a table of the
 * entered words, and each line entered under it is checked at its key's place and only then
 * matched whole. The cost per word read does not grow with the number of lines.
 */
final class GramFilter {
    static final int GRAM = 8;
    static final int MAX_KEY = 16;
    private static final long SPREAD = 0x9E3779B97F4A7C15L;

    private final int step;
    private final long[] bits;
    private final int bitShift;
    private final int[] slots;
    private final int slotShift;
    private final long[] words;
    private final Entered[][] entered;

    /**
     * A line entered under a word: the word is at {@code offset} of its key, {@code length}
     * octets whose first and last eight are {@code head} and {@code tail} (so two word reads
     * compare a key of up to sixteen octets).
     */
    private record Entered(Wildcard pattern, int offset, int length, long head, long tail) {
        static Entered of(Wildcard pattern, int offset, byte[] key) {
            return new Entered(pattern, offset, key.length, Octets.word(key, 0, GRAM),
                    Octets.word(key, key.length - GRAM, GRAM));
        }
    }

    private GramFilter(int step, long[] bits, int[] slots, long[] words, Entered[][] entered) {
        this.step = step;
        this.bits = bits;
        this.bitShift = 64 - Integer.numberOfTrailingZeros(bits.length << 6);
        this.slots = slots;
        this.slotShift = 64 - Integer.numberOfTrailingZeros(slots.length);
        this.words = words;
        this.entered = entered;
    }

    /** The key {@code pattern} is entered and checked by. */
    static byte[] key(Wildcard pattern) {
        byte[] run = pattern.longestRun();
        return run.length > MAX_KEY ? Arrays.copyOf(run, MAX_KEY) : run;
    }

    /** The filter of {@code patterns}, at least one, each with a longest run of {@value #GRAM} octets or more. */
    static GramFilter of(List<Wildcard> patterns) {
        int span = MAX_KEY;
        for (Wildcard pattern : patterns) {
            span = Math.min(span, key(pattern).length);
        }
        int step = span - GRAM + 1;
        Map<Long, List<Entered>> entered = new LinkedHashMap<>();
        for (Wildcard pattern : patterns) {
            byte[] key = key(pattern);
            for (int offset = 0; offset < step; offset++) {
                entered.computeIfAbsent(Octets.word(key, offset, GRAM), w -> new ArrayList<>())
                        .add(Entered.of(pattern, offset, key));
            }
        }
        long[] bits = new long[Math.max(16, Math.min(1 << 17, Integer.highestOneBit(entered.size()) * 2))];
        int bitShift = 64 - Integer.numberOfTrailingZeros(bits.length << 6);
        int[] slots = new int[Integer.highestOneBit(Math.max(2, entered.size())) << 2];
        int slotShift = 64 - Integer.numberOfTrailingZeros(slots.length);
        int groups = entered.size();
        long[] words = new long[groups];
        Entered[][] lists = new Entered[groups][];
        int group = 0;
        for (var word : entered.entrySet()) {
            long spread = word.getKey() * SPREAD;
            int bit = (int) (spread >>> bitShift);
            bits[bit >>> 6] |= 1L << bit;
            int slot = (int) (spread >>> slotShift);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = group + 1;
            words[group] = word.getKey();
            lists[group++] = word.getValue().toArray(Entered[]::new);
        }
        return new GramFilter(step, bits, slots, words, lists);
    }

    /** The first pattern the {@code n} octets of {@code a} from {@code from} match whole, or null. */
    BannedEntry find(byte[] a, int from, int n) {
        int end = from + n;
        for (int at = from, last = end - GRAM; at <= last; at += step) {
            long word = Octets.word(a, at, GRAM);
            long spread = word * SPREAD;
            int bit = (int) (spread >>> bitShift);
            if ((bits[bit >>> 6] & 1L << bit) != 0) {
                BannedEntry found = verify(word, spread, a, from, end, at);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private BannedEntry verify(long word, long spread, byte[] a, int from, int end, int at) {
        int mask = slots.length - 1;
        for (int slot = (int) (spread >>> slotShift); slots[slot] != 0; slot = (slot + 1) & mask) {
            int group = slots[slot] - 1;
            if (words[group] != word) {
                continue;
            }
            for (Entered line : entered[group]) {
                int keyAt = at - line.offset();
                if (keyAt >= from && keyAt + line.length() <= end && Octets.word(a, keyAt, GRAM) == line.head()
                        && Octets.word(a, keyAt + line.length() - GRAM, GRAM) == line.tail()
                        && line.pattern().matches(a, from, end - from)) {
                    return line.pattern().entry();
                }
            }
            return null;
        }
        return null;
    }
}
