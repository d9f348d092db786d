package dev.moat.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Map;

/**
 * Stores a new version of a document only when the stored one is still at the expected
 * version (a document never stored, or a value that is no document, counts as version 0). It runs on the entry's owner, so the
 * comparison and the write are one atomic step; backups run it again on the same state.
 * Returns {@code null} when it stored the replacement, else the current document. Travels as
 * the Compact type {@code moat.ReplaceDocumentProcessor}.
 */
final class ReplaceDocumentProcessor implements EntryProcessor<String, Object, ClusterDocument> {

    private final long expectedVersion;
    private final ClusterDocument replacement;

    ReplaceDocumentProcessor(long expectedVersion, ClusterDocument replacement) {
        this.expectedVersion = expectedVersion;
        this.replacement = replacement;
    }

    @Override
    public ClusterDocument process(Map.Entry<String, Object> entry) {
        ClusterDocument current = documentIn(entry);
        long currentVersion = current == null ? 0 : current.version();
        if (currentVersion != expectedVersion) {
            return current == null ? ClusterDocument.absent(entry.getKey()) : current;
        }
        entry.setValue(replacement);
        return null;
    }

    /**
     * The document stored in {@code entry}, or {@code null} when there is none or the value is
     * not a document at all (a stranger's write); either counts as never stored.
     */
    static ClusterDocument documentIn(Map.Entry<String, Object> entry) {
        try {
            return entry.getValue() instanceof ClusterDocument document ? document : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static final class Serializer implements CompactSerializer<ReplaceDocumentProcessor> {
        @Override
        public ReplaceDocumentProcessor read(CompactReader in) {
            return new ReplaceDocumentProcessor(in.readInt64("expectedVersion"), in.readCompact("replacement"));
        }

        @Override
        public void write(CompactWriter out, ReplaceDocumentProcessor processor) {
            out.writeInt64("expectedVersion", processor.expectedVersion);
            out.writeCompact("replacement", processor.replacement);
        }

        @Override
        public String getTypeName() {
            return "moat.ReplaceDocumentProcessor";
        }

        @Override
        public Class<ReplaceDocumentProcessor> getCompactClass() {
            return ReplaceDocumentProcessor.class;
        }
    }
}
