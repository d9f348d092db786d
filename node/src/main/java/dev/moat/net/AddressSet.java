package dev.moat.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A compiled, immutable set of IP addresses: sorted disjoint ranges in primitive arrays, each
 * remembering the list line that put it in the set. IPv4 ranges are {@code int} pairs and
 * IPv6 ranges {@code long} quadruples, so an IPv4 lookup never does 128-bit arithmetic; a
 * bucket table narrows each lookup to a few neighbouring ranges, scanned or bisected. Safe to
 * share between threads without locks. An IPv6 entry that spans the IPv4-mapped block
 * {@code ::ffff:0:0/96} (for example {@code ::/0}) covers the IPv4 addresses in that block,
 * because those are the same addresses.
 */
public final class AddressSet {
    /** Buckets up to this many ranges are scanned rather than bisected. */
    private static final int LINEAR_SCAN = 16;
    private static final AddressSet EMPTY = new AddressSet(new int[0], new int[0], new long[0], new int[0]);

    /** IPv4 ranges as [first, last] pairs, sign bit flipped so that signed order is unsigned order. */
    private final int[] v4;
    private final int[] v4Lines;
    /** IPv6 ranges as [firstHigh, firstLow, lastHigh, lastLow], sign bits flipped likewise. */
    private final long[] v6;
    private final int[] v6Lines;
    private final BucketIndex v4Index;
    private final BucketIndex v6Index;

    AddressSet(int[] v4, int[] v4Lines, long[] v6, int[] v6Lines) {
        this.v4 = v4;
        this.v4Lines = v4Lines;
        this.v6 = v6;
        this.v6Lines = v6Lines;
        long[] v4Firsts = new long[v4Lines.length];
        for (int i = 0; i < v4Firsts.length; i++) {
            v4Firsts[i] = (v4[2 * i] ^ Integer.MIN_VALUE) & 0xffff_ffffL;
        }
        long[] v6Firsts = new long[v6Lines.length];
        for (int i = 0; i < v6Firsts.length; i++) {
            v6Firsts[i] = v6[4 * i] ^ Long.MIN_VALUE;
        }
        v4Index = BucketIndex.of(v4Firsts);
        v6Index = BucketIndex.of(v6Firsts);
    }

    public static AddressSet empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean contains(IpAddress address) {
        return address.isIpv4()
                ? indexOfIpv4(address.ipv4Bits()) >= 0
                : indexOfIpv6(address.high(), address.low()) >= 0;
    }

    /** Whether the set holds {@code address}; reads its bytes, never DNS. */
    public boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            return indexOfIpv4((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) >= 0;
        }
        return contains(IpAddress.of(address));
    }

    /** The 1-based list line that put {@code address} in the set, or -1 when it is not in the set. */
    public int lineOf(IpAddress address) {
        if (address.isIpv4()) {
            int index = indexOfIpv4(address.ipv4Bits());
            return index < 0 ? -1 : v4Lines[index];
        }
        int index = indexOfIpv6(address.high(), address.low());
        return index < 0 ? -1 : v6Lines[index];
    }

    /**
     * The addresses of either set. Where both hold an address, {@link #lineOf} reports this
     * set's line, so a caller that unites its own list with a fallback keeps its own lines.
     */
    public AddressSet union(AddressSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Builder builder = new Builder();
        other.addTo(builder);
        addTo(builder);
        return builder.build();
    }

    /**
     * The addresses of all {@code sets}, compiled at once; {@link #lineOf} then answers the
     * line of the last set that holds an address. One set comes back as it is.
     */
    public static AddressSet unionOf(java.util.Collection<AddressSet> sets) {
        java.util.List<AddressSet> some = sets.stream().filter(set -> !set.isEmpty()).toList();
        if (some.size() <= 1) {
            return some.isEmpty() ? EMPTY : some.get(0);
        }
        Builder builder = new Builder();
        some.forEach(set -> set.addTo(builder));
        return builder.build();
    }

    /** The number of disjoint ranges held, IPv4 and IPv6. */
    public int rangeCount() {
        return v4Lines.length + v6Lines.length;
    }

    public boolean isEmpty() {
        return rangeCount() == 0;
    }

    @Override
    public String toString() {
        return "AddressSet[" + v4Lines.length + " IPv4 ranges, " + v6Lines.length + " IPv6 ranges]";
    }

    private int indexOfIpv4(int bits) {
        int bucket = v4Index.bucket(bits & 0xffff_ffffL);
        if (bucket < 0) {
            return -1;
        }
        int key = bits ^ Integer.MIN_VALUE;
        int[] ranges = v4;
        int lo = v4Index.from(bucket);
        int hi = v4Index.to(bucket) - 1;
        if (hi - lo < LINEAR_SCAN) {
            // Independent loads the CPU issues together: one memory wait, not one per step.
            while (lo <= hi && ranges[lo << 1] <= key) {
                lo++;
            }
            hi = lo - 1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid << 1] <= key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && key <= ranges[(hi << 1) + 1] ? hi : -1;
    }

    private int indexOfIpv6(long high, long low) {
        int bucket = v6Index.bucket(high);
        if (bucket < 0) {
            return -1;
        }
        long h = high ^ Long.MIN_VALUE;
        long l = low ^ Long.MIN_VALUE;
        long[] ranges = v6;
        int lo = v6Index.from(bucket);
        int hi = v6Index.to(bucket) - 1;
        if (hi - lo < LINEAR_SCAN) {
            while (lo <= hi && (ranges[lo << 2] < h || (ranges[lo << 2] == h && ranges[(lo << 2) + 1] <= l))) {
                lo++;
            }
            hi = lo - 1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long firstHigh = ranges[mid << 2];
            if (firstHigh < h || (firstHigh == h && ranges[(mid << 2) + 1] <= l)) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return -1;
        }
        long lastHigh = ranges[(hi << 2) + 2];
        return h < lastHigh || (h == lastHigh && l <= ranges[(hi << 2) + 3]) ? hi : -1;
    }

    private void addTo(Builder builder) {
        for (int i = 0; i < v4Lines.length; i++) {
            long first = (v4[2 * i] ^ Integer.MIN_VALUE) & 0xffff_ffffL;
            long last = (v4[2 * i + 1] ^ Integer.MIN_VALUE) & 0xffff_ffffL;
            builder.add(0, AddressParser.MAPPED_PREFIX | first, 0, AddressParser.MAPPED_PREFIX | last, v4Lines[i]);
        }
        for (int i = 0; i < v6Lines.length; i++) {
            builder.add(v6[4 * i] ^ Long.MIN_VALUE, v6[4 * i + 1] ^ Long.MIN_VALUE,
                    v6[4 * i + 2] ^ Long.MIN_VALUE, v6[4 * i + 3] ^ Long.MIN_VALUE, v6Lines[i]);
        }
    }

    /**
     * Collects inclusions and exclusions in list order; a later entry overrides earlier ones
     * where they overlap. {@link #build()} compiles in O(n log n). Not thread-safe.
     */
    public static final class Builder {
        private long[] bounds = new long[64];
        private int[] lines = new int[16];
        private int size;

        Builder() {
        }

        /** Adds {@code first..last}, both included, as put there by list line {@code line}. */
        public Builder include(IpAddress first, IpAddress last, int line) {
            if (line < 1) {
                throw new IllegalArgumentException("line numbers start at 1: " + line);
            }
            return checkedAdd(first, last, line);
        }

        /** Removes {@code first..last}, both included, from what the entries before built. */
        public Builder exclude(IpAddress first, IpAddress last) {
            return checkedAdd(first, last, 0);
        }

        public AddressSet build() {
            return size == 0 ? EMPTY : RangeCompiler.compile(bounds, lines, size);
        }

        private Builder checkedAdd(IpAddress first, IpAddress last, int line) {
            if (first.compareTo(last) > 0) {
                throw new IllegalArgumentException("reversed range: " + first + "-" + last);
            }
            add(first.high(), first.low(), last.high(), last.low(), line);
            return this;
        }

        /** Line 0 marks an exclusion. */
        void add(long firstHigh, long firstLow, long lastHigh, long lastLow, int line) {
            if (size == lines.length) {
                lines = Arrays.copyOf(lines, size * 2);
                bounds = Arrays.copyOf(bounds, size * 8);
            }
            int at = size * 4;
            bounds[at] = firstHigh;
            bounds[at + 1] = firstLow;
            bounds[at + 2] = lastHigh;
            bounds[at + 3] = lastLow;
            lines[size++] = line;
        }
    }
}
