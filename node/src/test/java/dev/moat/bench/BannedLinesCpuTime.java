package dev.moat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link BannedLinesBenchmark}'s scan timed by the thread's CPU time rather than the clock:
 * MiB of text scanned per CPU-second of the scanning thread, for each list size in one run,
 * rounds alternating between the sizes. On a machine whose cores are shared with other work,
 * this is the figure for "one core"; the clock figures of the JMH run are that of a fraction.
 * Arguments: rounds (default 5), seconds of CPU per measurement (default 2).
 */
public final class BannedLinesCpuTime {
    private BannedLinesCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int[] sizes = {1_000, 9_000, 99_000};
        BannedLinesBenchmark[] states = new BannedLinesBenchmark[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            states[i] = new BannedLinesBenchmark();
            states[i].exact = sizes[i];
            states[i].build();
            measure(cpu, states[i], seconds); // warm-up
        }
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int i = 0; i < sizes.length; i++) {
                line.append(String.format("  %,d exact + %,d wildcard lines: %.0f MiB/s", sizes[i],
                        BannedLinesBenchmark.WILDCARDS, measure(cpu, states[i], seconds)));
            }
            System.out.println(line);
        }
    }

    /** MiB scanned per CPU-second. */
    private static double measure(ThreadMXBean cpu, BannedLinesBenchmark state, double seconds) {
        long start = cpu.getCurrentThreadCpuTime();
        long limit = start + (long) (seconds * 1e9);
        int mib = 0;
        int found = 0;
        long now;
        do {
            found += state.scan();
            mib++;
        } while ((now = cpu.getCurrentThreadCpuTime()) < limit);
        if (found < 0) {
            throw new AssertionError();
        }
        return mib / ((now - start) / 1e9);
    }
}
