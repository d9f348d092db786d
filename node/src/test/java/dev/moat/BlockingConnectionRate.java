package dev.moat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's new-connection rate (connect, greeting, QUIT, close) alone and as one member of a
 * three-member cluster, in alternating rounds of one run, so the ratio is judged under the same
 * load: the temporary-blocking check of every connection is answered from the local replica,
 * so other members owning the partitions must cost nothing.
 * {@code java -cp ... dev.moat.BlockingConnectionRate [seconds-per-round] [rounds] [threads]}
 * (defaults 5 4 8).
 */
public final class BlockingConnectionRate {
    private BlockingConnectionRate() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        var running = new ArrayList<Node>();
        try {
            var alone = new TestNode(Files.createTempDirectory("moat-rate-alone"), 1);
            alone.writeSettings(1, "");
            Node lone = alone.start(1);
            running.add(lone);
            var three = new TestNode(Files.createTempDirectory("moat-rate-three"), 3);
            for (int i = 1; i <= 3; i++) {
                three.writeSettings(i, "");
                running.add(three.start(i));
            }
            Node member = running.get(1);
            while (member.member().memberCount() < 3) {
                Thread.onSpinWait();
            }
            measure(lone, 2, threads);
            measure(member, 2, threads);
            double aloneSum = 0;
            double clusterSum = 0;
            for (int round = 0; round < rounds; round++) {
                double a = measure(lone, seconds, threads);
                double c = measure(member, seconds, threads);
                aloneSum += a;
                clusterSum += c;
                System.out.printf("round %d: alone %.0f conn/s, in a three-member cluster %.0f conn/s%n", round + 1, a, c);
            }
            System.out.printf("alone %.0f conn/s, in a cluster %.0f conn/s, ratio cluster/alone %.1f %%%n",
                    aloneSum / rounds, clusterSum / rounds, 100 * clusterSum / aloneSum);
        } finally {
            TestNode.closeAll(running);
        }
    }

    private static double measure(Node node, int seconds, int threads) throws InterruptedException {
        int port = TestNode.smtpPort(node);
        var done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            var worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try (var socket = new Socket("127.0.0.1", port)) {
                        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        OutputStream out = socket.getOutputStream();
                        if (!in.readLine().startsWith("220")) {
                            throw new IllegalStateException("no greeting");
                        }
                        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.readLine();
                        done.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (var worker : workers) {
            worker.join();
        }
        return done.get() / (double) seconds;
    }
}
