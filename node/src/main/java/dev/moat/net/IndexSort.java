package dev.moat.net;

import java.util.Arrays;

/**
 * Sorts entry indices by an unsigned 128-bit key held in a shared {@code long[]}. Each key
 * first gets a coarse, order-preserving 33-bit bucket (IPv4 exact, IPv6 by the top bits)
 * packed with its index into one {@code long}, so {@link Arrays#sort(long[])} does the bulk
 * of the work without boxing; runs that share a bucket are then finished by a merge sort on
 * the full keys. O(n log n) whatever the addresses.
 */
final class IndexSort {
    private static final int INSERTION_THRESHOLD = 24;
    private static final long MAPPED_FIRST = AddressParser.MAPPED_PREFIX;
    private static final long MAPPED_LAST = AddressParser.MAPPED_PREFIX | 0xffff_ffffL;

    private IndexSort() {
    }

    /** Sorts {@code indices[0, size)} by {@code keys[4 * index + offset]} and the next long. */
    static void sort(int[] indices, int size, long[] keys, int offset) {
        long[] packed = new long[size];
        for (int i = 0; i < size; i++) {
            int index = indices[i];
            long bucket = bucket(keys[4 * index + offset], keys[4 * index + offset + 1]);
            packed[i] = (bucket << 31 | index) ^ Long.MIN_VALUE;
        }
        Arrays.sort(packed);
        int runStart = 0;
        for (int i = 0; i < size; i++) {
            indices[i] = (int) (packed[i] & Integer.MAX_VALUE);
            if (i > 0 && (packed[i] >>> 31) != (packed[i - 1] >>> 31)) {
                sortRun(indices, runStart, i, keys, offset);
                runStart = i;
            }
        }
        sortRun(indices, runStart, size, keys, offset);
    }

    /**
     * Monotone in the 128-bit key: below the IPv4-mapped block 0, IPv4 1 + the address, the
     * rest of the first 2^64 addresses 2^32 + 1, above that by the top 31 bits.
     */
    private static long bucket(long high, long low) {
        if (high != 0) {
            return (1L << 32) + 2 + (high >>> 33);
        }
        if (Long.compareUnsigned(low, MAPPED_FIRST) < 0) {
            return 0;
        }
        return Long.compareUnsigned(low, MAPPED_LAST) <= 0 ? 1 + (low & 0xffff_ffffL) : (1L << 32) + 1;
    }

    private static void sortRun(int[] indices, int from, int to, long[] keys, int offset) {
        if (to - from <= INSERTION_THRESHOLD) {
            insertionSort(indices, from, to, keys, offset);
        } else {
            int[] scratch = Arrays.copyOfRange(indices, from, to);
            int[] target = Arrays.copyOfRange(indices, from, to);
            mergeSort(scratch, target, 0, to - from, keys, offset);
            System.arraycopy(target, 0, indices, from, to - from);
        }
    }

    /** Sorts {@code source[from, to)} into {@code target[from, to)}; both start equal. */
    private static void mergeSort(int[] source, int[] target, int from, int to, long[] keys, int offset) {
        if (to - from <= INSERTION_THRESHOLD) {
            insertionSort(target, from, to, keys, offset);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(target, source, from, mid, keys, offset);
        mergeSort(target, source, mid, to, keys, offset);
        if (!less(source[mid], source[mid - 1], keys, offset)) {
            System.arraycopy(source, from, target, from, to - from);
            return;
        }
        for (int i = from, a = from, b = mid; i < to; i++) {
            if (b >= to || (a < mid && !less(source[b], source[a], keys, offset))) {
                target[i] = source[a++];
            } else {
                target[i] = source[b++];
            }
        }
    }

    private static void insertionSort(int[] a, int from, int to, long[] keys, int offset) {
        for (int i = from + 1; i < to; i++) {
            int value = a[i];
            int j = i - 1;
            while (j >= from && less(value, a[j], keys, offset)) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = value;
        }
    }

    private static boolean less(int x, int y, long[] keys, int offset) {
        int c = Long.compareUnsigned(keys[4 * x + offset], keys[4 * y + offset]);
        return c < 0 || (c == 0 && Long.compareUnsigned(keys[4 * x + offset + 1], keys[4 * y + offset + 1]) < 0);
    }
}
