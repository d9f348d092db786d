package dev.moat.bench;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.net.LocalAddresses;
import dev.moat.net.NetworkAddressList;
import dev.moat.policy.AddressClassifier;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java side of {@code bench/postmap-compare.sh}: writes a cidr table of N addresses and
 * prefixes ({@code table.cidr}, "pattern REJECT" lines, Postfix's cidr_table(5)) and a file
 * of Q query addresses, half from the table and half random ({@code queries.txt}, plus
 * {@code one.txt} with the first), then times the same batch of queries against the same
 * entries here: the compiled address set alone, and the whole classifier with the table as
 * the Blacklisted list. Per-lookup figures are the median of 101 timed batches after warming
 * up. Usage: {@code PostmapComparison DIR [entries] [queries]}.
 */
public final class PostmapComparison {
    private static final int BATCHES = 101;
    /** Where batch results go, so the JIT cannot drop the lookups. */
    static volatile long consumed;

    private PostmapComparison() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        AddressListGenerator generator = new AddressListGenerator(42);
        String list = generator.cidrList(entries);
        IpAddress[] probes = generator.probes(list, queries);

        StringBuilder table = new StringBuilder(list.length() + entries * 8);
        list.lines().forEach(line -> table.append(line).append(" REJECT\n"));
        Files.writeString(dir.resolve("table.cidr"), table);
        StringBuilder queryText = new StringBuilder(queries * 16);
        for (IpAddress probe : probes) {
            queryText.append(probe).append('\n');
        }
        Files.writeString(dir.resolve("queries.txt"), queryText);
        Files.writeString(dir.resolve("one.txt"), probes[0] + "\n");

        AddressSet set = NetworkAddressList.parse(list).list().addresses();
        long hits = Arrays.stream(probes).filter(set::contains).count();
        double setNanos = perLookup(probes, () -> {
            int found = 0;
            for (IpAddress probe : probes) {
                found += set.contains(probe) ? 1 : 0;
            }
            return found;
        });

        String yaml = "client-addresses: \"\"\nblacklisted-addresses: |\n"
                + String.join("\n", list.lines().map(line -> "  " + line).toList()) + "\n";
        EffectiveSettings settings = EffectiveSettings.build(
                ServerSettings.parse(yaml, new HostFacts("bench.moat.test")).value(), ClusterSettings.empty(), 0);
        AddressClassifier classifier = new AddressClassifier(LocalAddresses.ofThisMachine());
        double classifierNanos = perLookup(probes, () -> {
            int found = 0;
            for (IpAddress probe : probes) {
                found += classifier.byLists(probe, settings).status().ordinal();
            }
            return found;
        });
        System.out.printf("table: %,d entries; queries: %,d (%,d listed)%n", entries, queries, hits);
        System.out.printf("moat address set: %.0f ns per lookup%n", setNanos);
        System.out.printf("moat classifier (table as Blacklisted list): %.0f ns per lookup%n", classifierNanos);
        System.out.printf("listed-queries %d%n", hits);
    }

    /** The median time of one lookup over timed batches, after as many untimed ones. */
    private static double perLookup(IpAddress[] probes, java.util.function.IntSupplier batch) {
        long sink = 0;
        for (int i = 0; i < BATCHES; i++) {
            sink += batch.getAsInt();
        }
        long[] times = new long[BATCHES];
        for (int i = 0; i < BATCHES; i++) {
            long start = System.nanoTime();
            sink += batch.getAsInt();
            times[i] = System.nanoTime() - start;
        }
        consumed = sink;
        Arrays.sort(times);
        return (double) times[BATCHES / 2] / probes.length;
    }
}
