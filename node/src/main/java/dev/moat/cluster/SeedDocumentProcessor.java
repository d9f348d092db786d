package dev.moat.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Offers a starting member's best copy of a document: it is stored when the cluster has none
 * or an older version, so a starting cluster ends with the highest version any member offered.
 * Returns nothing. Travels as the Compact type {@code moat.SeedDocumentProcessor}.
 */
final class SeedDocumentProcessor implements EntryProcessor<String, ClusterDocument, Void> {

    private final ClusterDocument offered;

    SeedDocumentProcessor(ClusterDocument offered) {
        this.offered = offered;
    }

    @Override
    public Void process(Map.Entry<String, ClusterDocument> entry) {
        ClusterDocument current = entry.getValue();
        if (current == null || offered.version() > current.version()) {
            entry.setValue(offered);
        }
        return null;
    }

    static final class Serializer implements CompactSerializer<SeedDocumentProcessor> {
        @Override
        public SeedDocumentProcessor read(CompactReader in) {
            return new SeedDocumentProcessor(in.readCompact("offered"));
        }

        @Override
        public void write(CompactWriter out, SeedDocumentProcessor processor) {
            out.writeCompact("offered", processor.offered);
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
