package dev.moat.bench;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lookup cost in a compiled set of 1,000,000 entries (80% IPv4, 20% IPv6, a random mix of
 * single addresses, ranges and prefixes), the size of the feeds administrators load. Probes
 * cycle through 65,536 addresses, half hits and half random, so the branch predictor and
 * caches see a realistic spread. Target: under 200 ns median per lookup on one core.
 * {@link #main} runs it with fork 1, 3 warmup and 5 measurement iterations of 1 s: after
 * {@code mvn -o -pl node test-compile}, {@code java -cp node/target/test-classes:node/target/classes:}
 * the jmh-core, jopt-simple and commons-math3 jars {@code dev.moat.bench.AddressSetBenchmark}.
 * SampleTime times single lookups (each waits on memory alone); AverageTime lets consecutive
 * lookups overlap.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AddressSetBenchmark {
    static final int ENTRIES = 1_000_000;
    private static final int PROBES = 1 << 16;
    private static final int CHASE_INTS = 4 << 20;

    private AddressSet set;
    private IpAddress[] probes;
    private IpAddress[] ipv4Probes;
    private IpAddress[] ipv6Probes;
    private int next;
    private int[] chase;
    private int cursor;

    @Setup
    public void compile() {
        AddressListGenerator generator = new AddressListGenerator(1);
        String text = generator.list(ENTRIES, 0);
        set = NetworkAddressList.parse(text).list().addresses();
        // Enough candidates that each family still has PROBES distinct addresses.
        IpAddress[] candidates = generator.probes(text, 6 * PROBES);
        probes = compact(Arrays.copyOf(candidates, PROBES));
        ipv4Probes = compact(Arrays.stream(candidates).filter(IpAddress::isIpv4).limit(PROBES).toArray(IpAddress[]::new));
        ipv6Probes = compact(Arrays.stream(candidates).filter(a -> !a.isIpv4()).limit(PROBES).toArray(IpAddress[]::new));
        if (ipv4Probes.length < PROBES || ipv6Probes.length < PROBES) {
            throw new IllegalStateException("too few probes of one family");
        }
        chase = randomCycle(CHASE_INTS, new Random(2));
    }

    /**
     * The floor: one dependent read at a random place in 16 MB, measured in the same run, so
     * that a lookup's figure can be read as "how many memory waits" on a shared machine.
     */
    @Benchmark
    public int memoryLatencyBaseline() {
        return cursor = chase[cursor];
    }

    @Benchmark
    public boolean contains() {
        return set.contains(probes[next++ & (PROBES - 1)]);
    }

    @Benchmark
    public boolean containsIpv4() {
        return set.contains(ipv4Probes[next++ & (PROBES - 1)]);
    }

    @Benchmark
    public boolean containsIpv6() {
        return set.contains(ipv6Probes[next++ & (PROBES - 1)]);
    }

    @Benchmark
    public int lineOf() {
        return set.lineOf(probes[next++ & (PROBES - 1)]);
    }

    /**
     * Copies probes into objects allocated back to back, so reading the next probe is a
     * prefetched sequential read, as a caller's freshly made address would be: parsing left
     * garbage between the originals, and a cache miss per probe would be charged to the set.
     */
    private static IpAddress[] compact(IpAddress[] scattered) {
        IpAddress[] compact = new IpAddress[scattered.length];
        for (int i = 0; i < compact.length; i++) {
            compact[i] = IpAddress.of(scattered[i].high(), scattered[i].low());
        }
        return compact;
    }

    /** A single cycle through {@code ints / 16} slots one cache line apart, in random order. */
    private static int[] randomCycle(int ints, Random random) {
        int slots = ints / 16;
        int[] order = new int[slots];
        for (int i = 0; i < slots; i++) {
            order[i] = i;
        }
        for (int i = slots - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] cycle = new int[ints];
        for (int i = 0; i < slots; i++) {
            cycle[order[i] * 16] = order[(i + 1) % slots] * 16;
        }
        return cycle;
    }

    /** Runs the benchmarks as annotated; JMH command-line options (-i, -bm, ...) override. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(AddressSetBenchmark.class.getName());
        }
        new Runner(options.build()).run();
    }
}
