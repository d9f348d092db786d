package dev.moat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * {@link TemporaryBlockCheckBenchmark}'s connection-time check timed by the thread's CPU time
 * rather than the clock, for a Stranger and for a blocked address, with 0 and with 100,000
 * blocked addresses on two real members in one JVM, rounds alternating between them so the
 * ratio is judged under the same load. On cores shared with other work the clock figures swing
 * by several times from one iteration to the next; CPU nanoseconds per check do not. Arguments:
 * rounds (default 5), seconds of CPU per measurement (default 1).
 */
public final class TemporaryBlockCheckCpuTime {
    private TemporaryBlockCheckCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        var empty = new TemporaryBlockCheckBenchmark();
        empty.entries = 0;
        empty.start();
        var full = new TemporaryBlockCheckBenchmark();
        full.entries = 100_000;
        full.start();
        try {
            for (int warm = 0; warm < 3; warm++) {
                measure(cpu, () -> empty.stranger().isPresent() ? 1 : 0, seconds);
                measure(cpu, () -> full.stranger().isPresent() ? 1 : 0, seconds);
                measure(cpu, () -> empty.listed().isPresent() ? 1 : 0, seconds);
                measure(cpu, () -> full.listed().isPresent() ? 1 : 0, seconds);
            }
            double[] sums = new double[4];
            for (int round = 1; round <= rounds; round++) {
                double[] ns = {
                    measure(cpu, () -> empty.stranger().isPresent() ? 1 : 0, seconds),
                    measure(cpu, () -> full.stranger().isPresent() ? 1 : 0, seconds),
                    measure(cpu, () -> empty.listed().isPresent() ? 1 : 0, seconds),
                    measure(cpu, () -> full.listed().isPresent() ? 1 : 0, seconds),
                };
                for (int i = 0; i < 4; i++) {
                    sums[i] += ns[i];
                }
                System.out.printf("round %d: stranger %.0f / %.0f ns, blocked address %.0f / %.0f ns (0 / 100,000 entries)%n",
                        round, ns[0], ns[1], ns[2], ns[3]);
            }
            System.out.printf("mean CPU per check: stranger %.0f ns with 0, %.0f ns with 100,000 (%.1f %%); "
                    + "blocked address %.0f ns with 0 (not blocked there), %.0f ns with 100,000%n",
                    sums[0] / rounds, sums[1] / rounds, 100 * sums[1] / sums[0], sums[2] / rounds, sums[3] / rounds);
        } finally {
            empty.stop();
            full.stop();
        }
    }

    /** CPU nanoseconds per call of {@code check}. */
    private static double measure(ThreadMXBean cpu, IntSupplier check, double seconds) {
        long start = cpu.getCurrentThreadCpuTime();
        long limit = start + (long) (seconds * 1e9);
        long calls = 0;
        int found = 0;
        long now;
        do {
            for (int i = 0; i < 1_000; i++) {
                found += check.getAsInt();
            }
            calls += 1_000;
        } while ((now = cpu.getCurrentThreadCpuTime()) < limit);
        if (found < 0) {
            throw new AssertionError();
        }
        return (now - start) / (double) calls;
    }
}
