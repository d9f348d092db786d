package dev.moat.bench;

import dev.moat.blocking.TemporaryBlocking;
import dev.moat.blocking.TemporaryEntry;
import dev.moat.blocking.TemporaryList;
import dev.moat.cluster.ClusterMaps;
import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.LoopbackCluster;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The connection-time question "is this address temporarily blocked?" as every SMTP
 * connection asks it ({@link TemporaryBlocking#blocked}: the address, then its aggregation
 * prefix, in the member's replica), on a real Hazelcast member whose blocked list holds 0 or
 * 100,000 entries. {@code stranger} asks for addresses on no list (most connections),
 * {@code listed} for blocked ones. Goal: the same cost with 0 and 100,000 entries (within 10 %).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TemporaryBlockCheckBenchmark {
    private static final int PROBES = 1 << 14;

    @Param({"0", "100000"})
    public int entries;

    private LoopbackCluster cluster;
    private TemporaryBlocking blocking;
    private IpAddress[] strangers;
    private IpAddress[] listed;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        cluster = new LoopbackCluster(Files.createTempDirectory("moat-bench"), 1);
        ClusterMember member = cluster.start(1);
        var settings = EffectiveSettings.build(ServerSettings.defaults(new HostFacts("bench.example")),
                ClusterSettings.empty(), 1);
        blocking = new TemporaryBlocking(new TemporaryBlocking.Setup(() -> settings, () -> false, AddressSet.empty(),
                "bench", Clock.systemUTC()), member.blocking(), new MoatMetrics(new SimpleMeterRegistry()));
        long now = System.currentTimeMillis();
        fill(member, entries, now);
        var random = new Random(7);
        strangers = new IpAddress[PROBES];
        listed = new IpAddress[PROBES];
        for (int i = 0; i < PROBES; i++) {
            strangers[i] = random.nextInt(5) == 0
                    ? IpAddress.of(0x2001_0db8_0000_0000L | random.nextInt(1 << 20), random.nextLong())
                    : IpAddress.parse("203.0." + random.nextInt(256) + "." + random.nextInt(256));
            listed[i] = blockedAddress(entries == 0 ? 0 : random.nextInt(entries));
        }
    }

    /** Blocks {@code entries} addresses, a thousand at a time, each thousand written before the next (no flood of writes). */
    static void fill(ClusterMember member, int entries, long now) {
        for (int i = 0; i < entries; i++) {
            member.blocking().add(TemporaryList.BLOCKED, blockedAddress(i).toString(),
                    new TemporaryEntry("4 protocol errors within 10m (more than 3)", "bench", now, now + 3_600_000),
                    Integer.MAX_VALUE);
            if (i % 1_000 == 999) {
                while (member.mapEntries(ClusterMaps.TEMPORARY_BLOCKED) < i + 1) {
                    Thread.onSpinWait();
                }
            }
        }
        while (member.mapEntries(ClusterMaps.TEMPORARY_BLOCKED) < entries) {
            Thread.onSpinWait();
        }
    }

    /** Blocked address {@code i}: 80 % IPv4 in 10.0.0.0/8, 20 % IPv6 in 2001:db8:ffff::/48. */
    static IpAddress blockedAddress(int i) {
        return i % 5 == 0 ? IpAddress.parse("2001:db8:ffff:" + Integer.toHexString(i >>> 16) + "::" + Integer.toHexString(i & 0xffff))
                : IpAddress.ofIpv4(0x0a00_0000 | i);
    }

    @TearDown(Level.Trial)
    public void stop() {
        cluster.close();
    }

    @Benchmark
    public Optional<String> stranger() {
        return blocking.blocked(strangers[next++ & (PROBES - 1)]);
    }

    @Benchmark
    public Optional<String> listed() {
        return blocking.blocked(listed[next++ & (PROBES - 1)]);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(TemporaryBlockCheckBenchmark.class.getName())
                .build()).run();
    }
}
