package dev.moat.bench;

import dev.moat.cluster.LoopbackCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;

/**
 * The heap 100,000 blocked entries take on one member: {@code java -Xmx2g -cp ...
 * dev.moat.bench.BlockedEntriesFootprint [entries]}. A lone member holds the whole map (every
 * primary) and its replica; the figure is the retained heap after a full GC, before and after.
 */
public final class BlockedEntriesFootprint {
    private BlockedEntriesFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (var cluster = new LoopbackCluster(Files.createTempDirectory("moat-footprint"), 1)) {
            var member = cluster.start(1);
            long before = used();
            TemporaryBlockCheckBenchmark.fill(member, entries, System.currentTimeMillis());
            long after = used();
            System.out.printf("%d blocked entries: %.1f MB retained on one member (map and replica), %.0f bytes each%n",
                    entries, (after - before) / 1e6, (double) (after - before) / entries);
        }
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
