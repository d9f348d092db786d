package dev.moat.cluster;

/**
 * What a member answers from its own memory when another member asks the whole cluster
 * ({@link ClusterQueries}): its decision records, what it knows about an address, an impact
 * preview over the sessions it remembers. {@code kind} names the question, {@code argument}
 * its parameters; the answer is JSON text. Called on Hazelcast's executor threads.
 */
@FunctionalInterface
public interface LocalQueries {

    String answer(String kind, String argument);

    /** Answers nothing: a member that holds no records. */
    LocalQueries NONE = (kind, argument) -> "{}";
}
