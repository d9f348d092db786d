package dev.moat.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Offers a starting member's best copy of a document (see {@link DocumentSeed}): it is stored
 * when the cluster has none (or a value that is no document), an older version, an unsigned
 * version no newer than the offer (an upgrade from a release before MACs), or the very
 * version the offer signs again ({@code supersededMac}), so a starting cluster ends with the
 * highest version any member offered. It runs on the entry's owner, which cannot check MACs
 * without the secret; members check what they read. Returns nothing. Travels as the Compact
 * type {@code moat.SeedDocumentProcessor}.
 */
final class SeedDocumentProcessor implements EntryProcessor<String, Object, Void> {

    private final ClusterDocument offered;
    private final String supersededMac;

    SeedDocumentProcessor(ClusterDocument offered, String supersededMac) {
        this.offered = offered;
        this.supersededMac = supersededMac == null ? "" : supersededMac;
    }

    @Override
    public Void process(Map.Entry<String, Object> entry) {
        ClusterDocument current = ReplaceDocumentProcessor.documentIn(entry);
        if (current == null || offered.version() > current.version()
                || (!current.signed() && offered.version() >= current.version())
                || (!supersededMac.isEmpty() && supersededMac.equals(current.mac())
                        && offered.version() == current.version())) {
            entry.setValue(offered);
        }
        return null;
    }

    static final class Serializer implements CompactSerializer<SeedDocumentProcessor> {
        @Override
        public SeedDocumentProcessor read(CompactReader in) {
            return new SeedDocumentProcessor(in.readCompact("offered"),
                    in.getFieldKind("supersededMac") == FieldKind.STRING ? in.readString("supersededMac") : "");
        }

        @Override
        public void write(CompactWriter out, SeedDocumentProcessor processor) {
            out.writeCompact("offered", processor.offered);
            out.writeString("supersededMac", processor.supersededMac);
        }

        @Override
        public String getTypeName() {
            return "moat.SeedDocumentProcessor";
        }

        @Override
        public Class<SeedDocumentProcessor> getCompactClass() {
            return SeedDocumentProcessor.class;
        }
    }
}
