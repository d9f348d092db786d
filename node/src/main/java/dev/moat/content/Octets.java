package dev.moat.content;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What the compiled lists do with a line of octets (a range of a byte array, no string made):
 * read up to eight octets as one little-endian word, hash a range eight octets at a time,
 * compare and search ranges. Reading a word never goes past the array, and the octets past
 * the range it asked for are masked off, so callers may hand any slice of a larger buffer.
 */
final class Octets {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xC2B2AE3D27D4EB4FL;

    private Octets() {
    }

    /** The {@code count} (1 to 8) octets from {@code at} as one word, the first in the lowest byte. */
    static long word(byte[] a, int at, int count) {
        if (at + 8 <= a.length) {
            long w = (long) LONG.get(a, at);
            return count == 8 ? w : w & ((1L << (count << 3)) - 1);
        }
        long w = 0;
        for (int i = count - 1; i >= 0; i--) {
            w = w << 8 | (a[at + i] & 0xFF);
        }
        return w;
    }

    /**
     * A 64-bit hash of {@code count} octets from {@code from}, never 0 (so 0 can mark an empty
     * slot): two lanes of sixteen octets a step, so that the multiplies of one do not wait for
     * the other's.
     */
    static long hash(byte[] a, int from, int count) {
        long h1 = count * M1;
        long h2 = M2;
        int i = from;
        int end = from + count;
        for (; i + 16 <= end; i += 16) {
            h1 = Long.rotateLeft((h1 ^ (long) LONG.get(a, i)) * M2, 29);
            h2 = Long.rotateLeft((h2 ^ (long) LONG.get(a, i + 8)) * M1, 31);
        }
        if (i + 8 <= end) {
            h1 = Long.rotateLeft((h1 ^ (long) LONG.get(a, i)) * M2, 29);
            i += 8;
        }
        if (i < end) {
            h2 = Long.rotateLeft((h2 ^ word(a, i, end - i)) * M1, 31);
        }
        long h = mix(h1 ^ Long.rotateLeft(h2, 17));
        return h == 0 ? 1 : h;
    }

    /** A hash of {@code count} (1 to 16) octets from {@code at}, from word reads and multiplies only. */
    static long fingerprint(byte[] a, int at, int count) {
        long low = word(a, at, Math.min(8, count));
        long high = count > 8 ? word(a, at + 8, count - 8) : 0;
        return (low ^ count) * M1 + Long.rotateLeft(high * M2, 31);
    }

    /** Murmur3's finaliser: every bit of {@code h} reaches every bit of the result. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }

    /** Whether the {@code count} octets of {@code a} from {@code at} are those of {@code run}. */
    static boolean regionMatches(byte[] a, int at, byte[] run) {
        return Arrays.equals(a, at, at + run.length, run, 0, run.length);
    }

    /** Where {@code run} first starts in {@code a} between {@code from} and {@code end}, or -1. */
    static int indexOf(byte[] a, int from, int end, byte[] run) {
        byte first = run[0];
        for (int i = from, last = end - run.length; i <= last; i++) {
            if (a[i] == first && regionMatches(a, i, run)) {
                return i;
            }
        }
        return -1;
    }
}
