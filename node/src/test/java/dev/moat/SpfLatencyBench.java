package dev.moat;

import dev.moat.dns.TestDnsServerAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * The wait SPF adds at MAIL FROM: a spool-mode node with {@code spf: header} asking a DNS
 * server on loopback, and for each of many sender domains, never asked before, one session
 * that times its MAIL FROM with the cache cold (the domain's record, its MX, the MX host's
 * address and an include: four questions, three in a row) and then, after RSET, the same MAIL
 * FROM with every answer cached. Sessions run one at a time, so the figures are latency, not
 * load. Prints the percentiles of both and of their difference.
 *
 * <pre>java -cp "$CP" dev.moat.SpfLatencyBench [domains]</pre>
 */
public final class SpfLatencyBench {
    private SpfLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        var dir = Files.createTempDirectory("moat-spf-latency");
        try (var dns = new TestDnsServerAccess()) {
            for (int i = 0; i < domains + 100; i++) {
                String domain = "d" + i + ".spf.test";
                dns.txt(domain, "v=spf1 mx include:_spf." + domain + " -all");
                dns.mx(domain, 10, "mx." + domain);
                dns.a("mx." + domain, "192.0.2.25");
                dns.txt("_spf." + domain, "v=spf1 ip4:127.0.0.0/8 -all");
            }
            var nodes = new TestNode(dir, 1);
            nodes.writeSettings(1, """
                    local-domains: [moat.test]
                    client-addresses: "10.255.255.1"
                    dns:
                      servers: ["127.0.0.1:%d"]
                    spf: reject-fail
                    """.formatted(dns.port()));
            try (var node = nodes.start(1)) {
                int port = TestNode.smtpPort(node);
                for (int i = domains; i < domains + 100; i++) {
                    session(port, "d" + i + ".spf.test"); // warm the JIT on domains not measured
                }
                long[] cold = new long[domains];
                long[] warm = new long[domains];
                for (int i = 0; i < domains; i++) {
                    long[] took = session(port, "d" + i + ".spf.test");
                    cold[i] = took[0];
                    warm[i] = took[1];
                }
                long[] added = new long[domains];
                for (int i = 0; i < domains; i++) {
                    added[i] = cold[i] - warm[i];
                }
                print("cold cache", cold);
                print("cached", warm);
                print("added by the cold cache", added);
            }
        }
    }

    private static void print(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("MAIL FROM, %-24s p50 %6d µs, p90 %6d µs, p99 %6d µs, max %6d µs (%d sessions)%n", what,
                sorted[n / 2], sorted[n * 9 / 10], sorted[n * 99 / 100], sorted[n - 1], n);
    }

    /** The MAIL FROM reply times in µs: cold, then again after RSET with the answers cached. */
    private static long[] session(int port, String domain) throws Exception {
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write("HELO client.bench.example\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readLine();
            long[] took = new long[2];
            for (int round = 0; round < 2; round++) {
                long started = System.nanoTime();
                out.write(("MAIL FROM:<a@" + domain + ">\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = in.readLine();
                took[round] = (System.nanoTime() - started) / 1000;
                if (reply == null || !reply.startsWith("250")) {
                    throw new IllegalStateException("MAIL FROM for " + domain + ": " + reply);
                }
                out.write("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readLine();
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return took;
        }
    }
}
