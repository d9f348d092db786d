package dev.moat;

import dev.moat.dns.TestDnsServerAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The greeting's wait under load: new connections at a fixed rate to a node with three RBL
 * zones, one of which never answers (minimal timeout 500 ms, one try), each timed from the
 * connect to the reply to its first RCPT (spool mode, so no next hop is in the way). Clients
 * come from many loopback addresses so the answers are not all cached. Prints the percentiles.
 *
 * <pre>java -cp "$CP" dev.moat.RblLatencyBench [connections per second] [seconds]</pre>
 */
public final class RblLatencyBench {
    private static final java.util.Queue<String> FAILURES = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private RblLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        var dir = Files.createTempDirectory("moat-rbl-latency");
        try (var dns = new TestDnsServerAccess()) {
            dns.listed("one.test", "127.0.0.2", "127.0.0.2", "");
            dns.listed("two.test", "127.0.0.2", "127.0.0.2", "");
            dns.silent("dead.test");
            var nodes = new TestNode(dir, 1);
            nodes.writeSettings(1, "  max-connections: 2000\n  max-connections-per-address: 1000\n", """
                    local-domains: [moat.test]
                    client-addresses: "10.255.255.1"
                    dns:
                      servers: ["127.0.0.1:%d"]
                      timeout: 500ms
                      tries: 1
                      skip-unhealthy-zones: false
                    rbl-zones:
                      - zone: one.test
                      - zone: dead.test
                      - zone: two.test
                    """.formatted(dns.port()));
            try (var node = nodes.start(1)) {
                int port = TestNode.smtpPort(node);
                ExecutorService clients = Executors.newFixedThreadPool(Math.max(50, rate * 2));
                List<Future<Long>> timings = new ArrayList<>();
                long start = System.nanoTime();
                int total = rate * seconds;
                for (int i = 0; i < total; i++) {
                    long due = start + (long) i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String from = "127.1." + (i / 250 % 250 + 1) + "." + (i % 250 + 1);
                    timings.add(clients.submit(() -> session(port, from)));
                }
                long[] millis = new long[total];
                int failed = 0;
                for (int i = 0; i < total; i++) {
                    long took = timings.get(i).get();
                    if (took < 0) {
                        failed++;
                    }
                    millis[i] = took < 0 ? Long.MAX_VALUE : took;
                }
                clients.shutdown();
                Arrays.sort(millis);
                System.out.printf("%d connections at %d/s: connect to first RCPT reply p50 %d ms, p90 %d ms, p99 %d ms,"
                        + " max %d ms; %d failed%n", total, rate, millis[total / 2], millis[total * 9 / 10],
                        millis[total * 99 / 100], millis[total - failed - 1], failed);
                FAILURES.stream().limit(3).forEach(f -> System.out.println("failed: " + f));
            }
        }
    }

    /** One session's connect-to-RCPT-reply time in ms, or -1 when it did not get 250. */
    private static long session(int port, String from) {
        long started = System.nanoTime();
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write("HELO bench.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<b@moat.test>\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readLine();
            in.readLine();
            String rcpt = in.readLine();
            long took = (System.nanoTime() - started) / 1_000_000;
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (rcpt != null && rcpt.startsWith("250")) {
                return took;
            }
            FAILURES.add(String.valueOf(rcpt));
            return -1;
        } catch (Exception e) {
            FAILURES.add(e.toString());
            return -1;
        }
    }
}
