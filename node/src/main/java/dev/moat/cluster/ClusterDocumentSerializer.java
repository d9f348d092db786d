package dev.moat.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * The Compact form of {@link ClusterDocument}, type {@code moat.ClusterDocument}. Fields may be
 * added in later releases (read them only when {@code getFieldKind} finds them); existing
 * fields keep their names and kinds. {@code mac} came with the cluster secret: a version
 * written by an older release has none and reads as unsigned.
 */
final class ClusterDocumentSerializer implements CompactSerializer<ClusterDocument> {

    @Override
    public ClusterDocument read(CompactReader in) {
        return new ClusterDocument(
                in.readString("name"),
                in.readInt64("version"),
                in.readString("text"),
                in.readString("updatedBy"),
                in.readInt64("updatedAtMillis"),
                in.getFieldKind("mac") == FieldKind.STRING ? in.readString("mac") : "");
    }

    @Override
    public void write(CompactWriter out, ClusterDocument document) {
        out.writeString("name", document.name());
        out.writeInt64("version", document.version());
        out.writeString("text", document.text());
        out.writeString("updatedBy", document.updatedBy());
        out.writeInt64("updatedAtMillis", document.updatedAtMillis());
        out.writeString("mac", document.mac());
    }

    @Override
    public String getTypeName() {
        return "moat.ClusterDocument";
    }

    @Override
    public Class<ClusterDocument> getCompactClass() {
        return ClusterDocument.class;
    }
}
