package dev.moat.cluster;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The Compact form of {@link TemporaryClient}, type {@code moat.TemporaryClient}; a missing MAC reads as empty. */
final class TemporaryClientSerializer implements CompactSerializer<TemporaryClient> {

    @Override
    public TemporaryClient read(CompactReader in) {
        return new TemporaryClient(in.readInt64("untilMillis"),
                in.getFieldKind("mac") == FieldKind.STRING ? in.readString("mac") : "");
    }

    @Override
    public void write(CompactWriter out, TemporaryClient entry) {
        out.writeInt64("untilMillis", entry.untilMillis());
        out.writeString("mac", entry.mac());
    }

    @Override
    public String getTypeName() {
        return "moat.TemporaryClient";
    }

    @Override
    public Class<TemporaryClient> getCompactClass() {
        return TemporaryClient.class;
    }
}
