package dev.moat.cluster;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** The Compact form of {@link CalloutResult}, type {@code moat.CalloutResult}; a missing MAC reads as empty. */
final class CalloutResultSerializer implements CompactSerializer<CalloutResult> {

    @Override
    public CalloutResult read(CompactReader in) {
        return new CalloutResult(in.readBoolean("accepted"), in.readInt64("untilMillis"),
                in.getFieldKind("mac") == FieldKind.STRING ? in.readString("mac") : "");
    }

    @Override
    public void write(CompactWriter out, CalloutResult entry) {
        out.writeBoolean("accepted", entry.accepted());
        out.writeInt64("untilMillis", entry.untilMillis());
        out.writeString("mac", entry.mac());
    }

    @Override
    public String getTypeName() {
        return "moat.CalloutResult";
    }

    @Override
    public Class<CalloutResult> getCompactClass() {
        return CalloutResult.class;
    }
}
