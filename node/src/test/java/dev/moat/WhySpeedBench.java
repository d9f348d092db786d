package dev.moat;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.DecisionMode;
import dev.moat.policy.DecisionRecord;
import dev.moat.policy.Match;
import dev.moat.testing.Eventually;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long {@code GET /api/v1/why/{address}} takes over three real members (one JVM, loopback)
 * holding {@code records} decision records each (100,000 by default), spread over 50,000 client
 * addresses, ten of each member's being the asked address's: the why answer asks every member's
 * ring through the executor service and joins the answers. Prints the median, p90 and the
 * slowest of {@code queries} queries after ten to warm up. Run with
 * {@code java -cp ... dev.moat.WhySpeedBench [records] [queries]}.
 */
public final class WhySpeedBench {
    private WhySpeedBench() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        var cluster = new TestNode(Files.createTempDirectory("why-bench"), 3);
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                cluster.writeSettings(i, "");
                nodes.add(cluster.start(i));
            }
            Eventually.within(Duration.ofSeconds(60), () -> {
                if (nodes.get(0).member().memberCount() != 3) {
                    throw new AssertionError("waiting for three members");
                }
            });
            Reply reply = Reply.permanent(550, "5.7.1", "Relaying denied");
            for (Node node : nodes) {
                var records = node.decisionRecords();
                for (int i = 0; i < size; i++) {
                    IpAddress client = IpAddress.ofIpv4(0xC6336400 + (i % 10_000 == 0 ? 7 : 100 + i % 50_000));
                    records.record(new DecisionRecord(System.currentTimeMillis(), records.node(),
                            "REF" + i, client, "rcpt", "relay", new Match.Other("relay", "", "rcpt" + i
                            + "@elsewhere.example is not in a local domain and has no can-relay marker"), "reject",
                            DecisionMode.ENFORCE, reply, reply));
                }
                System.out.printf("%s holds %,d records%n", records.node(), records.size());
            }
            var admin = new AdminClient(nodes.get(0), TestNode.TOKEN);
            long[] took = new long[queries];
            for (int i = -10; i < queries; i++) {
                long start = System.nanoTime();
                var answer = admin.get("/api/v1/why/198.51.100.7", "application/json");
                long nanos = System.nanoTime() - start;
                if (answer.statusCode() != 200 || !answer.body().contains("\"missing\":{}")) {
                    throw new AssertionError(answer.statusCode() + " " + answer.body().substring(0, 300));
                }
                if (i >= 0) {
                    took[i] = nanos;
                }
            }
            Arrays.sort(took);
            System.out.printf("why over 3 members x %,d records: median %d ms, p90 %d ms, slowest %d ms (%d queries)%n",
                    size, took[queries / 2] / 1_000_000, took[queries * 9 / 10] / 1_000_000,
                    took[queries - 1] / 1_000_000, queries);
        } finally {
            TestNode.closeAll(nodes);
        }
    }
}
