package dev.moat.bench;

import dev.moat.dns.DnsAnswer;
import dev.moat.dns.DnsOptions;
import dev.moat.dns.DnsResolver;
import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.Rbldnsd;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * How many queries a second the resolver sustains against Debian's rbldnsd on loopback, every
 * question distinct and the cache off, so each is a real query over UDP: {@code window}
 * queries are kept in flight. Prints the rate of each of three rounds and the outcomes.
 *
 * <pre>java -cp "$CP" dev.moat.bench.DnsResolverThroughput [queries] [window]</pre>
 */
public final class DnsResolverThroughput {
    private DnsResolverThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        var dir = Files.createTempDirectory("moat-dns-bench");
        try (var rbldnsd = Rbldnsd.start(dir, "bench.test", List.of(":127.0.0.2:listed", "127.0.0.2", "10.0.0.0/9"));
                var resolver = new DnsResolver(new DnsOptions(List.of(new InetSocketAddress("127.0.0.1", rbldnsd.port())),
                        Duration.ofSeconds(2), 1, 0), new MoatMetrics(new SimpleMeterRegistry()))) {
            int base = 0;
            for (int round = 1; round <= 3; round++) {
                Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
                var inFlight = new Semaphore(window);
                var done = new CountDownLatch(queries);
                long started = System.nanoTime();
                for (int i = 0; i < queries; i++) {
                    inFlight.acquire();
                    int n = base + i;
                    // 10.0.0.0/9 is listed, 10.128.0.0/9 is not: half records, half NXDOMAIN.
                    var name = Name.fromString((n & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n >>> 16 & 0xff) + ".10.bench.test.");
                    resolver.query(name, Type.A).whenComplete((DnsAnswer answer, Throwable failure) -> {
                        outcomes.computeIfAbsent(failure == null ? answer.outcome() : "failed", k -> new AtomicInteger())
                                .incrementAndGet();
                        inFlight.release();
                        done.countDown();
                    });
                }
                done.await();
                double seconds = (System.nanoTime() - started) / 1e9;
                base += queries;
                System.out.printf("round %d: %,d queries in %.2f s = %,.0f queries/s, %d in flight; %s%n", round, queries,
                        seconds, queries / seconds, window, outcomes);
            }
        }
    }
}
