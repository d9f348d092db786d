package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.concurrent.Callable;

/**
 * One question asked of every member's own memory through the executor service {@link
 * ClusterQueries#EXECUTOR}: it runs on each member, where it asks the {@link LocalQueries} that
 * member registered, and answers its JSON text. A named class, never a lambda, so members of
 * different builds agree on it; it travels as the Compact type {@code moat.ClusterQuery}. It
 * carries only a question's kind and parameters and runs no code of the asker's.
 */
final class ClusterQuery implements Callable<String>, HazelcastInstanceAware {
    /** Where each member keeps its {@link LocalQueries}, in its Hazelcast user context. */
    static final String CONTEXT_KEY = "moat.local-queries";

    private final String kind;
    private final String argument;
    private transient HazelcastInstance hazelcast;

    ClusterQuery(String kind, String argument) {
        this.kind = kind;
        this.argument = argument;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hazelcast = instance;
    }

    @Override
    public String call() {
        Object local = hazelcast == null ? null : hazelcast.getUserContext().get(CONTEXT_KEY);
        return local instanceof LocalQueries queries ? queries.answer(kind, argument) : LocalQueries.NONE.answer(kind,
                argument);
    }

    static final class Serializer implements CompactSerializer<ClusterQuery> {
        @Override
        public ClusterQuery read(CompactReader in) {
            return new ClusterQuery(in.readString("kind"), in.readString("argument"));
        }

        @Override
        public void write(CompactWriter out, ClusterQuery query) {
            out.writeString("kind", query.kind);
            out.writeString("argument", query.argument);
        }

        @Override
        public String getTypeName() {
            return "moat.ClusterQuery";
        }

        @Override
        public Class<ClusterQuery> getCompactClass() {
            return ClusterQuery.class;
        }
    }
}
