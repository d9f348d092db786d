package dev.moat.net;

/**
 * Sorts entry indices by an unsigned 128-bit key held in a shared {@code long[]} (a merge
 * sort on primitives, so a million entries sort without boxing or comparator objects).
 */
final class IndexSort {
    private static final int INSERTION_THRESHOLD = 24;

    private IndexSort() {
    }

    /** Sorts {@code indices[0, size)} by {@code keys[4 * index + offset]} and the next long. */
    static void sort(int[] indices, int size, long[] keys, int offset) {
        int[] scratch = indices.clone();
        mergeSort(scratch, indices, 0, size, keys, offset);
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
