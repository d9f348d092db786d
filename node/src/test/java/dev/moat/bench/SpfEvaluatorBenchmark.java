package dev.moat.bench;

import dev.moat.dns.DnsResolver;
import dev.moat.dns.SpfEvaluator;
import dev.moat.dns.SpfOutcome;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The CPU an SPF check costs when its answers are cached, as for a busy sender: the record of
 * {@code bench/spf-load.sh} ({@code v=spf1 mx include:_spf.bench.example -all}: four questions,
 * all answered from the resolver's cache after the first evaluation, which a real DNS server on
 * loopback answers). Each evaluation completes at once on the calling thread.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpfEvaluatorBenchmark {
    private static final IpAddress CLIENT = IpAddress.parse("127.0.0.1");
    private TestDnsServerAccess dns;
    private DnsResolver resolver;
    private SpfEvaluator evaluator;

    @Setup
    public void serveAndWarm() throws Exception {
        dns = new TestDnsServerAccess();
        dns.txt("bench.example", "v=spf1 mx include:_spf.bench.example -all");
        dns.mx("bench.example", 10, "mx.bench.example");
        dns.a("mx.bench.example", "192.0.2.25");
        dns.txt("_spf.bench.example", "v=spf1 ip4:127.0.0.0/8 -all");
        resolver = dns.resolver(new MoatMetrics(new SimpleMeterRegistry()));
        evaluator = new SpfEvaluator(resolver, "bench.moat.test");
        SpfOutcome first = evaluator.evaluate(CLIENT, "sender@bench.example", "client.bench.example")
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        if (!first.result().word().equals("pass")) {
            throw new IllegalStateException("the bench record must pass: " + first);
        }
    }

    @TearDown
    public void close() {
        dns.close();
    }

    @Benchmark
    public SpfOutcome cachedEvaluation() {
        return evaluator.evaluate(CLIENT, "sender@bench.example", "client.bench.example").toCompletableFuture().join();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(SpfEvaluatorBenchmark.class.getName())
                .build()).run();
    }
}
