package dev.moat.bench;

import dev.moat.net.IpAddress;
import dev.moat.net.LocalAddresses;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.AddressPrefix;
import dev.moat.policy.AddressStatus;
import dev.moat.policy.Classification;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsResult;
import java.util.ArrayList;
import java.util.List;
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
 * The whole Test Address answer, as every SMTP connection asks it: the classifier over a
 * settings snapshot whose six lists (Client, LAN, Denied, Blacklisted, White Hole, Debug)
 * hold 100,000 entries each, written in one settings file and read by the real parser. The
 * main figure is a Stranger (every list is asked, none answers: the most lookups), 80% IPv4;
 * {@code classifyBlacklisted} adds what a listed address costs on top (its line is found and
 * named). Target: a Stranger under 2 µs median. {@link #main} runs it as annotated (fork 1, 3
 * warmup and 5 measurement iterations of 1 s); JMH options on the command line override.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClassifierBenchmark {
    static final int ENTRIES = 100_000;
    private static final int PROBES = 1 << 14;

    private AddressClassifier classifier;
    private EffectiveSettings settings;
    private IpAddress[] strangers;
    private IpAddress[] blacklisted;
    private int next;

    @Setup
    public void build() {
        settings = settingsWithSixLists(ENTRIES);
        classifier = new AddressClassifier(LocalAddresses.ofThisMachine());
        strangers = probes(new Random(7), PROBES, c -> c.status() == AddressStatus.STRANGER
                && c.prefix() == AddressPrefix.NONE && !c.debug());
        blacklisted = probes(new Random(8), PROBES, c -> c.status() == AddressStatus.BLACKLISTED);
    }

    @Benchmark
    public Classification classifyStranger() {
        return classifier.byLists(strangers[next++ & (PROBES - 1)], settings);
    }

    @Benchmark
    public Classification classifyBlacklisted() {
        return classifier.byLists(blacklisted[next++ & (PROBES - 1)], settings);
    }

    /** One settings file with every list at {@code entries} entries, each list from its own seed. */
    static EffectiveSettings settingsWithSixLists(int entries) {
        StringBuilder yaml = new StringBuilder(entries * AddressListKind.values().length * 26);
        for (AddressListKind kind : AddressListKind.values()) {
            yaml.append(kind.key()).append(": |\n");
            new AddressListGenerator(100 + kind.ordinal()).list(entries, 0).lines()
                    .forEach(line -> yaml.append("  ").append(line).append('\n'));
        }
        SettingsResult<ServerSettings> parsed = ServerSettings.parse(yaml.toString(), new HostFacts("bench.moat.test"));
        if (!parsed.ok()) {
            throw new IllegalStateException("generated settings refused: " + parsed.errors().subList(0, 1));
        }
        return EffectiveSettings.build(parsed.value(), ClusterSettings.empty(), 0);
    }

    /** Random addresses, 80% IPv4 and 20% in 2000::/3, that classify as {@code wanted} says. */
    private IpAddress[] probes(Random random, int count, java.util.function.Predicate<Classification> wanted) {
        List<IpAddress> found = new ArrayList<>(count);
        for (int tries = 0; found.size() < count && tries < 100 * count; tries++) {
            IpAddress address = random.nextInt(100) < 80
                    ? IpAddress.ofIpv4(random.nextInt())
                    : IpAddress.of(0x2000_0000_0000_0000L | (random.nextLong() >>> 3), random.nextLong());
            if (wanted.test(classifier.byLists(address, settings))) {
                found.add(address);
            }
        }
        if (found.size() < count) {
            // Few random IPv6 addresses fall into a listed network: fill with the ones found.
            for (int i = 0; found.size() < count; i++) {
                found.add(found.get(i));
            }
        }
        return found.toArray(IpAddress[]::new);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(ClassifierBenchmark.class.getName())
                .build()).run();
    }
}
