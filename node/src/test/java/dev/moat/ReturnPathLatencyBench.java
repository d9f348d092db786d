package dev.moat;

import dev.moat.dns.TestDnsServerAccess;
import dev.moat.testing.SmtpSink;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The latency Return-Path verification and Reverse Connect add at MAIL FROM, on real nodes
 * against a DNS server on loopback and a callout SMTP server on 127.0.0.3: each of {@code n}
 * Return-Path domains has its own MX, so every first question is a cold cache. One session per
 * domain from a Stranger's address times MAIL FROM (to its reply) for: a local address (no
 * DNS, the baseline), then the domain's address; first on a node with {@code
 * verify-return-path} only, then on one with Reverse Connect too (cold DNS and callout; a new
 * address of the same domain: warm DNS, cold callout; the same address again: all cached).
 * Prints the median, p90 and p99 of each in milliseconds.
 *
 * <pre>java -cp "$CP" dev.moat.ReturnPathLatencyBench [domains]</pre>
 */
public final class ReturnPathLatencyBench {

    private ReturnPathLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("moat-return-path-latency");
        try (var dns = new TestDnsServerAccess(); var mx = new SmtpSink(InetAddress.getByName("127.0.0.3"), 0)) {
            for (int i = 0; i < n; i++) {
                dns.mx("d" + i + ".bench.example", 10, "mx.d" + i + ".bench.example");
                dns.a("mx.d" + i + ".bench.example", "127.0.0.3");
                dns.mx("c" + i + ".bench.example", 10, "mx.c" + i + ".bench.example");
                dns.a("mx.c" + i + ".bench.example", "127.0.0.3");
            }
            String common = """
                    local-domains: [moat.test]
                    client-addresses: "10.255.255.1"
                    verify-return-path: true
                    dns:
                      servers: ["127.0.0.1:%d"]
                    """.formatted(dns.port());
            var verifyOnly = new TestNode(Files.createDirectories(dir.resolve("a")), 1);
            verifyOnly.writeSettings(1, common);
            try (var node = verifyOnly.start(1)) {
                int port = TestNode.smtpPort(node);
                time(port, 50, i -> "warm" + i + "@moat.test");
                print("local address (no DNS)", time(port, n, i -> "alice@moat.test"));
                print("verify-return-path, cold DNS", time(port, n, i -> "u@d" + i + ".bench.example"));
            }
            var withCallout = new TestNode(Files.createDirectories(dir.resolve("b")), 1);
            withCallout.writeSettings(1, common + """
                    callout:
                      enabled: true
                      port: %d
                    """.formatted(mx.port()));
            try (var node = withCallout.start(1)) {
                int port = TestNode.smtpPort(node);
                time(port, 50, i -> "warm" + i + "@moat.test");
                print("local address (no DNS, no callout)", time(port, n, i -> "alice@moat.test"));
                print("+ Reverse Connect, cold DNS and callout", time(port, n, i -> "u@c" + i + ".bench.example"));
                print("+ Reverse Connect, warm DNS, cold callout", time(port, n, i -> "v@c" + i + ".bench.example"));
                print("+ Reverse Connect, all cached", time(port, n, i -> "v@c" + i + ".bench.example"));
            }
        }
    }

    /** One session per address, each timing its MAIL FROM; nanoseconds, sorted. */
    private static long[] time(int port, int n, IntFunction<String> address) throws Exception {
        long[] took = new long[n];
        for (int i = 0; i < n; i++) {
            try (var smtp = new RawSmtp(port, "127.0.0.50")) {
                smtp.expect("220 ");
                smtp.send("EHLO client.bench.example").expect("250");
                long start = System.nanoTime();
                smtp.send("MAIL FROM:<" + address.apply(i) + ">").expect("250 ");
                took[i] = System.nanoTime() - start;
                smtp.send("QUIT");
            }
        }
        Arrays.sort(took);
        return took;
    }

    private static void print(String what, long[] sorted) {
        List<String> parts = new ArrayList<>();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            parts.add(String.format("p%.0f %.2f ms", q * 100, sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6));
        }
        System.out.printf("%-42s %s (n=%d)%n", what, String.join(", ", parts), sorted.length);
    }
}
