package dev.moat.net;

/**
 * Narrows a binary search over sorted ranges to the few whose first addresses fall in the
 * probe's bucket: one table read instead of the top levels of the search, which on a list of
 * a million ranges are the cache misses. Keys are unsigned 64-bit (an IPv4 address, or the
 * upper half of an IPv6 one); buckets cut the span from the smallest to the largest first
 * key into about one bucket per four ranges (at most 65,536), so a skewed list (one country's
 * blocks) still spreads. Immutable.
 */
final class BucketIndex {
    private static final int RANGES_PER_BUCKET = 4;
    /** At most 65,536 buckets: the table (256 KB) then stays in a core's L2 cache. */
    private static final int MAX_BITS = 16;

    private final long base;
    private final int shift;
    /** starts[b] = number of ranges whose first key lies in a bucket before b; one extra slot. */
    private final int[] starts;

    private BucketIndex(long base, int shift, int[] starts) {
        this.base = base;
        this.shift = shift;
        this.starts = starts;
    }

    /** An index over {@code firstKeys}, ascending unsigned. */
    static BucketIndex of(long[] firstKeys) {
        int count = firstKeys.length;
        if (count == 0) {
            return new BucketIndex(0, 0, new int[2]);
        }
        long base = firstKeys[0];
        long span = firstKeys[count - 1] - base;
        int bits = Math.max(1, Math.min(MAX_BITS, 32 - Integer.numberOfLeadingZeros(count / RANGES_PER_BUCKET)));
        int shift = Math.max(0, (64 - Long.numberOfLeadingZeros(span)) - bits);
        int buckets = (int) (span >>> shift) + 1;
        int[] starts = new int[buckets + 1];
        for (long key : firstKeys) {
            starts[(int) ((key - base) >>> shift) + 1]++;
        }
        for (int b = 1; b <= buckets; b++) {
            starts[b] += starts[b - 1];
        }
        return new BucketIndex(base, shift, starts);
    }

    /** The bucket of {@code key}, or -1 when it is below every first key. */
    int bucket(long key) {
        if (Long.compareUnsigned(key, base) < 0) {
            return -1;
        }
        long bucket = (key - base) >>> shift;
        int last = starts.length - 2;
        return Long.compareUnsigned(bucket, last) > 0 ? last : (int) bucket;
    }

    /** The first range whose first key is in {@code bucket}. */
    int from(int bucket) {
        return starts[bucket];
    }

    /** One past the last range whose first key is in {@code bucket}. */
    int to(int bucket) {
        return starts[bucket + 1];
    }
}
