package dev.moat.bench;

import dev.moat.mail.Route;
import dev.moat.router.Router;
import dev.moat.router.RouterTable;
import java.util.HashSet;
import java.util.Set;
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
 * Routing cost on every RCPT: one address through a table of 100,000 records, 10% of them
 * wildcards ({@link RouterTableGenerator}), with 10 local domains. Probes cycle through 65,536
 * addresses that hit every kind of record, local addresses and unknown ones; each call builds
 * the full trace, as a session does. Target: under 2 µs median. {@link #compile} measures
 * parsing and indexing the whole table (target: under 2 s).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RouterBenchmark {
    static final int RECORDS = 100_000;
    private static final int PROBES = 1 << 16;

    private String text;
    private Router router;
    private String[] probes;
    private int next;

    @Setup
    public void compileOnce() {
        RouterTableGenerator generator = new RouterTableGenerator(1);
        text = generator.table(RECORDS);
        Set<String> local = new HashSet<>();
        for (int i = 0; i < RouterTableGenerator.LOCAL_DOMAINS; i++) {
            local.add(RouterTableGenerator.localDomain(i));
        }
        router = new Router(RouterTable.parse(text, "server").table(), local::contains);
        probes = generator.probes(RECORDS, PROBES);
    }

    @Benchmark
    public Route route() {
        return router.route(probes[next++ & (PROBES - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public RouterTable compile() {
        return RouterTable.parse(text, "server").table();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(RouterBenchmark.class.getName())
                .build()).run();
    }
}
