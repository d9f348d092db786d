package dev.moat.net;

import java.util.Arrays;

/**
 * Compiles entries in list order (inclusions and exclusions, later ones winning where they
 * overlap) into an {@link AddressSet} in O(n log n): a sweep over the sorted endpoints keeps
 * the entries covering the current position in a max-heap by list order, so the winner of
 * each elementary interval is the heap's top. Exclusions are never subtracted one by one.
 * Pieces won by the same line that touch are merged; pieces of different lines stay apart so
 * that {@link AddressSet#lineOf} stays exact.
 */
final class RangeCompiler {
    private static final long MAPPED_FIRST = AddressParser.MAPPED_PREFIX;
    private static final long MAPPED_LAST = AddressParser.MAPPED_PREFIX | 0xffff_ffffL;

    private final long[] bounds;
    private final int[] lines;
    private final Output output = new Output();

    private RangeCompiler(long[] bounds, int[] lines) {
        this.bounds = bounds;
        this.lines = lines;
    }

    /** {@code bounds} holds [firstHigh, firstLow, lastHigh, lastLow] per entry; line 0 excludes. */
    static AddressSet compile(long[] bounds, int[] lines, int size) {
        return new RangeCompiler(bounds, lines).sweep(size);
    }

    private AddressSet sweep(int size) {
        int[] byFirst = new int[size];
        int[] byLast = new int[size];
        int endings = 0;
        for (int i = 0; i < size; i++) {
            byFirst[i] = i;
            if (bounds[4 * i + 2] != -1 || bounds[4 * i + 3] != -1) {
                byLast[endings++] = i; // an entry ending at the very last address never ends
            }
        }
        IndexSort.sort(byFirst, size, bounds, 0);
        IndexSort.sort(byLast, endings, bounds, 2);
        // Events in order, copied next to each other so that the sweep reads memory in order.
        long[] starts = events(byFirst, size, 0);
        long[] ends = events(byLast, endings, 2);

        IntMaxHeap active = new IntMaxHeap(size);
        boolean[] ended = new boolean[size];
        int nextFirst = 0;
        int nextEnd = 0;
        long atHigh = 0;
        long atLow = 0;
        while (nextFirst < size || nextEnd < endings) {
            boolean start = nextEnd == endings || (nextFirst < size && !after(starts, nextFirst, ends, nextEnd));
            long pHigh = start ? starts[2 * nextFirst] : ends[2 * nextEnd];
            long pLow = start ? starts[2 * nextFirst + 1] : ends[2 * nextEnd + 1];
            int winner = liveTop(active, ended);
            if (winner >= 0 && lines[winner] != 0) {
                long high = pHigh ^ Long.MIN_VALUE;
                long low = pLow ^ Long.MIN_VALUE;
                output.add(atHigh, atLow, low == 0 ? high - 1 : high, low - 1, lines[winner]);
            }
            while (nextFirst < size && starts[2 * nextFirst] == pHigh && starts[2 * nextFirst + 1] == pLow) {
                active.push(byFirst[nextFirst++]);
            }
            while (nextEnd < endings && ends[2 * nextEnd] == pHigh && ends[2 * nextEnd + 1] == pLow) {
                ended[byLast[nextEnd++]] = true;
            }
            atHigh = pHigh ^ Long.MIN_VALUE;
            atLow = pLow ^ Long.MIN_VALUE;
        }
        int winner = liveTop(active, ended);
        if (winner >= 0 && lines[winner] != 0) {
            output.add(atHigh, atLow, -1, -1, lines[winner]);
        }
        return output.toSet();
    }

    /**
     * The event positions of the sorted entries as [high, low] pairs, sign bits flipped for
     * signed compares: the first address ({@code offset} 0), or the address after the last (2).
     */
    private long[] events(int[] sorted, int count, int offset) {
        long[] events = new long[2 * count];
        for (int k = 0; k < count; k++) {
            int at = 4 * sorted[k] + offset;
            long low = bounds[at + 1] + (offset == 0 ? 0 : 1);
            long high = bounds[at] + (offset != 0 && low == 0 ? 1 : 0);
            events[2 * k] = high ^ Long.MIN_VALUE;
            events[2 * k + 1] = low ^ Long.MIN_VALUE;
        }
        return events;
    }

    private static boolean after(long[] a, int i, long[] b, int j) {
        return a[2 * i] > b[2 * j] || (a[2 * i] == b[2 * j] && a[2 * i + 1] > b[2 * j + 1]);
    }

    private static int liveTop(IntMaxHeap active, boolean[] ended) {
        while (!active.isEmpty() && ended[active.peek()]) {
            active.pop();
        }
        return active.isEmpty() ? -1 : active.peek();
    }

    /** Collects the won pieces, split at the IPv4-mapped block and merged per line. */
    private static final class Output {
        private int[] v4 = new int[16];
        private int[] v4Lines = new int[8];
        private int v4Count;
        private long[] v6 = new long[32];
        private int[] v6Lines = new int[8];
        private int v6Count;

        void add(long firstHigh, long firstLow, long lastHigh, long lastLow, int line) {
            boolean startsBelow = firstHigh == 0 && Long.compareUnsigned(firstLow, MAPPED_FIRST) < 0;
            boolean endsAbove = lastHigh != 0 || Long.compareUnsigned(lastLow, MAPPED_LAST) > 0;
            boolean startsAbove = firstHigh != 0 || Long.compareUnsigned(firstLow, MAPPED_LAST) > 0;
            boolean endsBelow = lastHigh == 0 && Long.compareUnsigned(lastLow, MAPPED_FIRST) < 0;
            if (startsBelow) {
                addIpv6(firstHigh, firstLow, 0, endsBelow ? lastLow : MAPPED_FIRST - 1, line);
            }
            if (!startsAbove && !endsBelow) {
                addIpv4(startsBelow ? 0 : (int) firstLow, endsAbove ? -1 : (int) lastLow, line);
            }
            if (endsAbove) {
                addIpv6(startsAbove ? firstHigh : 0, startsAbove ? firstLow : MAPPED_LAST + 1, lastHigh, lastLow, line);
            }
        }

        private void addIpv4(int first, int last, int line) {
            int f = first ^ Integer.MIN_VALUE;
            int l = last ^ Integer.MIN_VALUE;
            if (v4Count > 0 && v4Lines[v4Count - 1] == line && v4[2 * v4Count - 1] + 1 == f) {
                v4[2 * v4Count - 1] = l;
                return;
            }
            if (v4Count == v4Lines.length) {
                v4Lines = Arrays.copyOf(v4Lines, v4Count * 2);
                v4 = Arrays.copyOf(v4, v4Count * 4);
            }
            v4[2 * v4Count] = f;
            v4[2 * v4Count + 1] = l;
            v4Lines[v4Count++] = line;
        }

        private void addIpv6(long firstHigh, long firstLow, long lastHigh, long lastLow, int line) {
            long fh = firstHigh ^ Long.MIN_VALUE;
            long fl = firstLow ^ Long.MIN_VALUE;
            if (v6Count > 0 && v6Lines[v6Count - 1] == line) {
                int at = 4 * v6Count - 2;
                long nextLow = v6[at + 1] + 1;
                long nextHigh = v6[at] + (nextLow == Long.MIN_VALUE ? 1 : 0);
                if (nextHigh == fh && nextLow == fl) {
                    v6[at] = lastHigh ^ Long.MIN_VALUE;
                    v6[at + 1] = lastLow ^ Long.MIN_VALUE;
                    return;
                }
            }
            if (v6Count == v6Lines.length) {
                v6Lines = Arrays.copyOf(v6Lines, v6Count * 2);
                v6 = Arrays.copyOf(v6, v6Count * 8);
            }
            int at = 4 * v6Count;
            v6[at] = fh;
            v6[at + 1] = fl;
            v6[at + 2] = lastHigh ^ Long.MIN_VALUE;
            v6[at + 3] = lastLow ^ Long.MIN_VALUE;
            v6Lines[v6Count++] = line;
        }

        AddressSet toSet() {
            return new AddressSet(Arrays.copyOf(v4, 2 * v4Count), Arrays.copyOf(v4Lines, v4Count),
                    Arrays.copyOf(v6, 4 * v6Count), Arrays.copyOf(v6Lines, v6Count));
        }
    }
}
