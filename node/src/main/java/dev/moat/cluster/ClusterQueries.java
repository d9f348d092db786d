package dev.moat.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every member a question about what it holds in its own memory (decision records,
 * remembered sessions), not a shared map: one {@link ClusterQuery} per member through the
 * executor service {@value #EXECUTOR}, each answer awaited until one deadline. The answer names
 * the members that did not answer in time or failed, and the members that left the cluster in
 * the last hour (their records left with them), so nothing is silently left out.
 */
public final class ClusterQueries {
    /** The executor service the questions run on. */
    public static final String EXECUTOR = "moat-queries";
    /** How long a member that left is named as missing. */
    static final Duration DEPARTED_KEPT = Duration.ofHours(1);

    /** One member's answer: its node name and its JSON text. */
    public record MemberAnswer(String node, String text) {
    }

    /** The answers that came in time, and each member that gave none with why. */
    public record Answers(List<MemberAnswer> answers, Map<String, String> missing) {
        public Answers {
            answers = List.copyOf(answers);
            missing = Map.copyOf(missing);
        }
    }

    private final HazelcastInstance hazelcast;
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    /** The user context {@link #serve} wrote to, kept: a stopped instance no longer hands it out. */
    private volatile Map<String, Object> served = new ConcurrentHashMap<>();

    ClusterQueries(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                departed.remove(name(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                departed.put(name(event.getMember()), System.currentTimeMillis());
            }
        });
    }

    /** Registers what this member answers. */
    void serve(LocalQueries local) {
        served = hazelcast.getUserContext();
        served.put(ClusterQuery.CONTEXT_KEY, local);
    }

    /**
     * Forgets what this member answered, once it has stopped: Hazelcast keeps a stopped
     * instance (and its user context) reachable, which would keep the whole node that answered.
     */
    void withdraw() {
        served.remove(ClusterQuery.CONTEXT_KEY);
    }

    /** Asks every member {@code kind} with {@code argument}, waiting at most {@code deadline} in all. */
    public Answers ask(String kind, String argument, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
        Map<Member, Future<String>> futures = executor.submitToAllMembers(new ClusterQuery(kind, argument));
        List<MemberAnswer> answers = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        for (var entry : futures.entrySet()) {
            String node = name(entry.getKey());
            try {
                long left = Math.max(0, end - System.nanoTime());
                answers.add(new MemberAnswer(node, entry.getValue().get(left, TimeUnit.NANOSECONDS)));
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                missing.put(node, "no answer within " + deadline.toMillis() + " ms");
            } catch (ExecutionException e) {
                missing.put(node, "failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing.put(node, "interrupted");
            }
        }
        long since = System.currentTimeMillis() - DEPARTED_KEPT.toMillis();
        departed.entrySet().removeIf(gone -> gone.getValue() < since);
        departed.forEach((node, at) -> missing.putIfAbsent(node, "left the cluster at "
                + java.time.Instant.ofEpochMilli(at) + "; its records left with it"));
        return new Answers(answers, missing);
    }

    private static String name(Member member) {
        String name = member.getAttribute("moat.node-name");
        return name == null ? member.getUuid().toString() : name;
    }
}
