package dev.moat.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import dev.moat.blocking.EventWindow;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts one event against a key of {@link ClusterMaps#BLOCKING_EVENTS} (an address and an
 * event kind, a login name, a prefix) on the key's owner, so events counted on any node add up
 * in one atomic step: the value is the {@link EventWindow} of times (a {@code long[]}), which
 * lives one window after its last event. Returns how many fell inside the window. Backups run
 * it again on the same state. Travels as the Compact type {@code moat.CountEventProcessor}.
 */
final class CountEventProcessor implements EntryProcessor<String, Object, Integer> {

    private final long nowMillis;
    private final long windowMillis;
    private final int keep;

    CountEventProcessor(long nowMillis, long windowMillis, int keep) {
        this.nowMillis = nowMillis;
        this.windowMillis = windowMillis;
        this.keep = keep;
    }

    @Override
    public Integer process(Map.Entry<String, Object> entry) {
        long[] times = entry.getValue() instanceof long[] stored ? stored : new long[0];
        long[] next = EventWindow.record(times, nowMillis, windowMillis, keep);
        ((ExtendedMapEntry<String, Object>) entry).setValue(next, windowMillis, TimeUnit.MILLISECONDS);
        return next.length;
    }

    static final class Serializer implements CompactSerializer<CountEventProcessor> {
        @Override
        public CountEventProcessor read(CompactReader in) {
            return new CountEventProcessor(in.readInt64("nowMillis"), in.readInt64("windowMillis"), in.readInt32("keep"));
        }

        @Override
        public void write(CompactWriter out, CountEventProcessor processor) {
            out.writeInt64("nowMillis", processor.nowMillis);
            out.writeInt64("windowMillis", processor.windowMillis);
            out.writeInt32("keep", processor.keep);
        }

        @Override
        public String getTypeName() {
            return "moat.CountEventProcessor";
        }

        @Override
        public Class<CountEventProcessor> getCompactClass() {
            return CountEventProcessor.class;
        }
    }
}
