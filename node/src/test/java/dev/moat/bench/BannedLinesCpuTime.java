package dev.moat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * {@link BannedLinesBenchmark}'s scan and lookups timed by the thread's CPU time rather than
 * the clock: MB (10^6 octets) of text per CPU-second of the scanning thread, for each list size
 * in one run, rounds alternating between the sizes. On a machine whose cores are shared with other work,
 * this is the figure for "one core"; the clock figures of the JMH run are that of a fraction.
 * Arguments: rounds (default 5), seconds of CPU per measurement (default 2), the exact lines'
 * kind ({@code numbered}, the default, or {@code plain}: see {@link BannedLinesBenchmark}).
 */
public final class BannedLinesCpuTime {
    /** MB (10^6 octets, the goal's unit) in one MiB. */
    private static final double MB = 1.048576;

    private BannedLinesCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        String kind = args.length > 2 ? args[2] : "numbered";
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int[] sizes = {1_000, 9_000, 99_000};
        BannedLinesBenchmark[] states = new BannedLinesBenchmark[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            states[i] = new BannedLinesBenchmark();
            states[i].exact = sizes[i];
            states[i].exactLines = kind;
            states[i].build();
            measure(cpu, states[i]::scan, seconds); // warm-up
            measure(cpu, states[i]::lookup, seconds);
        }
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int i = 0; i < sizes.length; i++) {
                double scan = measure(cpu, states[i]::scan, seconds);
                double lookup = measure(cpu, states[i]::lookup, seconds);
                line.append(String.format("  %,d %s exact + %,d wildcard lines: scan %.0f MB/s, lookups %.0f MB/s",
                        sizes[i], kind, BannedLinesBenchmark.WILDCARDS, scan * MB, lookup * MB));
            }
            System.out.println(line);
        }
    }

    /** MiB of text per CPU-second of {@code operation} (one MiB each call). */
    private static double measure(ThreadMXBean cpu, IntSupplier operation, double seconds) {
        long start = cpu.getCurrentThreadCpuTime();
        long limit = start + (long) (seconds * 1e9);
        int mib = 0;
        int found = 0;
        long now;
        do {
            found += operation.getAsInt();
            mib++;
        } while ((now = cpu.getCurrentThreadCpuTime()) < limit);
        if (found < 0) {
            throw new AssertionError();
        }
        return mib / ((now - start) / 1e9);
    }
}
