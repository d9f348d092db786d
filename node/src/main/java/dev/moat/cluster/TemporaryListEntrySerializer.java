package dev.moat.cluster;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The Compact form of {@link TemporaryListEntry}, type {@code moat.TemporaryListEntry}; a missing MAC reads as empty. */
final class TemporaryListEntrySerializer implements CompactSerializer<TemporaryListEntry> {

    @Override
    public TemporaryListEntry read(CompactReader in) {
        return new TemporaryListEntry(in.readString("reason"), in.readString("node"), in.readInt64("startMillis"),
                in.readInt64("untilMillis"), in.getFieldKind("mac") == FieldKind.STRING ? in.readString("mac") : "");
    }

    @Override
    public void write(CompactWriter out, TemporaryListEntry entry) {
        out.writeString("reason", entry.reason());
        out.writeString("node", entry.node());
        out.writeInt64("startMillis", entry.startMillis());
        out.writeInt64("untilMillis", entry.untilMillis());
        out.writeString("mac", entry.mac());
    }

    @Override
    public String getTypeName() {
        return "moat.TemporaryListEntry";
    }

    @Override
    public Class<TemporaryListEntry> getCompactClass() {
        return TemporaryListEntry.class;
    }
}
