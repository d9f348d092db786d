package dev.moat.bench;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.DecisionMode;
import dev.moat.policy.DecisionRecord;
import dev.moat.policy.DecisionRecords;
import dev.moat.policy.Match;
import dev.moat.policy.SessionReferences;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap a full ring of decision records retains, read from the {@link MemoryMXBean} after
 * forced collections: {@code records} records (100,000 by default) shaped as the checks make them,
 * each of its own session (a reference and a client address of its own): relay refusals (a
 * reason text of about 110 characters each, the reply shared) and RBL refusals (zone, answer and
 * TXT shared, a reply text of its own). Run with
 * {@code java -Xmx1g -cp ... dev.moat.bench.DecisionRingFootprint [records]}.
 */
public final class DecisionRingFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Reply DENIED = Reply.permanent(550, "5.7.1", "Relaying denied");

    private DecisionRingFootprint() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        var references = new SessionReferences(1);
        for (String kind : new String[] {"relay", "rbl"}) {
            long before = usedHeap();
            var records = new DecisionRecords("node-1", true, size, 1);
            for (int i = 0; i < size; i++) {
                records.record(record(kind, i, references.next()));
            }
            long after = usedHeap();
            System.out.printf("%s refusals: %,d records retain %.1f MB, %d bytes a record%n", kind, records.size(),
                    (after - before) / 1e6, (after - before) / size);
            if (records.size() != size) {
                throw new AssertionError("the ring should be full");
            }
        }
    }

    private static DecisionRecord record(String kind, int i, String reference) {
        IpAddress client = IpAddress.ofIpv4(0xC0000000 | i);
        long now = System.currentTimeMillis();
        if (kind.equals("relay")) {
            String why = "user" + i + "@elsewhere.example is not in a local domain and has no can-relay marker; "
                    + "client is Stranger";
            return new DecisionRecord(now, "node-1", reference, client, "rcpt", "relay",
                    new Match.Other("relay", "", why), "reject", DecisionMode.ENFORCE, DENIED, DENIED);
        }
        Reply reply = Reply.permanent(550, "5.7.1", "Mail from " + client + " refused: the address is blacklisted by "
                + "zen.example: Listed, see https://zen.example/lookup");
        return new DecisionRecord(now, "node-1", reference, client, "rcpt", "blacklist",
                new Match.RblAnswer("zen.example", "127.0.0.2", "Listed, see https://zen.example/lookup"), "reject",
                DecisionMode.ENFORCE, reply, reply);
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
