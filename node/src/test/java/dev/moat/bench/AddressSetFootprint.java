package dev.moat.bench;

import dev.moat.net.NetworkAddressList;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Measures what JMH does not: the time to parse and compile a 1,000,000-entry list from text
 * (cold, then warm; wall time and this thread's CPU time, since the machine may be shared),
 * and the heap the text and the compiled set retain, read from the
 * {@link MemoryMXBean} after forced collections. Targets: build under 3 s, set under 64 MB.
 * Run with {@code java -Xmx2g -cp ... dev.moat.bench.AddressSetFootprint [entries] [exclusion%]}.
 */
public final class AddressSetFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AddressSetFootprint() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : AddressSetBenchmark.ENTRIES;
        int exclusions = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        long before = usedHeap();
        String text = new AddressListGenerator(1).list(entries, exclusions);
        long withText = usedHeap();

        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        NetworkAddressList list = NetworkAddressList.parse(text).list();
        long coldNanos = System.nanoTime() - start;
        long coldCpuNanos = THREADS.getCurrentThreadCpuTime() - startCpu;
        long withSet = usedHeap();

        long[] warm = new long[5];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            NetworkAddressList.parse(text).list();
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.printf("entries %,d (%d%% exclusions), %,d ranges compiled%n",
                list.entryCount(), exclusions, list.addresses().rangeCount());
        System.out.printf("build (parse + compile): cold %d ms (%d ms CPU of this thread), warm median %d ms, warm best %d ms%n",
                coldNanos / 1_000_000, coldCpuNanos / 1_000_000, warm[warm.length / 2] / 1_000_000, warm[0] / 1_000_000);
        System.out.printf("retained heap: text %.1f MB, compiled set %.1f MB%n",
                (withText - before) / 1e6, (withSet - withText) / 1e6);
        if (list.text() != text) {
            throw new AssertionError("the list should keep the very text it was given");
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
