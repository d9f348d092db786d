package dev.moat.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decides how long a new block lasts under escalation, on the key's owner of {@link
 * ClusterMaps#BLOCKING_HISTORY}: the base time, or twice the last block's when that started
 * within {@link #MEMORY_MILLIS}, at most the cap; and remembers this block (start and length,
 * a {@code long[2]}) for a day after it ends. Returns the length in milliseconds. Travels as
 * the Compact type {@code moat.EscalateProcessor}.
 */
final class EscalateProcessor implements EntryProcessor<String, Object, Long> {
    /** How far back a last block counts: one day. */
    static final long MEMORY_MILLIS = TimeUnit.DAYS.toMillis(1);

    private final long nowMillis;
    private final long baseMillis;
    private final long capMillis;

    EscalateProcessor(long nowMillis, long baseMillis, long capMillis) {
        this.nowMillis = nowMillis;
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    @Override
    public Long process(Map.Entry<String, Object> entry) {
        long length = baseMillis;
        if (entry.getValue() instanceof long[] last && last.length == 2 && nowMillis - last[0] <= MEMORY_MILLIS) {
            length = Math.max(baseMillis, Math.min(capMillis, 2 * last[1]));
        }
        ((ExtendedMapEntry<String, Object>) entry).setValue(new long[] {nowMillis, length}, length + MEMORY_MILLIS,
                TimeUnit.MILLISECONDS);
        return length;
    }

    static final class Serializer implements CompactSerializer<EscalateProcessor> {
        @Override
        public EscalateProcessor read(CompactReader in) {
            return new EscalateProcessor(in.readInt64("nowMillis"), in.readInt64("baseMillis"), in.readInt64("capMillis"));
        }

        @Override
        public void write(CompactWriter out, EscalateProcessor processor) {
            out.writeInt64("nowMillis", processor.nowMillis);
            out.writeInt64("baseMillis", processor.baseMillis);
            out.writeInt64("capMillis", processor.capMillis);
        }

        @Override
        public String getTypeName() {
            return "moat.EscalateProcessor";
        }

        @Override
        public Class<EscalateProcessor> getCompactClass() {
            return EscalateProcessor.class;
        }
    }
}
