package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.spi.merge.MergingValue;
import org.junit.jupiter.api.Test;

/** Which document survives when a split cluster heals. */
class HigherDocumentVersionMergePolicyTest {

    private final HigherDocumentVersionMergePolicy policy = new HigherDocumentVersionMergePolicy();

    @Test
    void theHigherVersionWinsFromEitherSide() {
        Value older = value(3);
        Value newer = value(4);

        assertSame(newer.raw, policy.merge(newer, older));
        assertSame(newer.raw, policy.merge(older, newer));
    }

    @Test
    void anEqualVersionKeepsTheExistingDocument() {
        Value existing = value(4);

        assertSame(existing.raw, policy.merge(value(4), existing));
    }

    @Test
    void aDocumentOnlyOneSideHasIsKept() {
        Value merging = value(1);

        assertSame(merging.raw, policy.merge(merging, null));
    }

    private static Value value(long version) {
        return new Value(new ClusterDocument("settings", version, "v" + version, "", 0), new Object());
    }

    /** A merging value as Hazelcast hands one over: the document and its serialized form. */
    private record Value(ClusterDocument document, Object raw) implements MergingValue<ClusterDocument> {
        @Override
        public ClusterDocument getDeserializedValue() {
            return document;
        }

        @Override
        public Object getRawValue() {
            return raw;
        }
    }
}
