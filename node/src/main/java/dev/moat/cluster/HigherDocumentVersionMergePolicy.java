package dev.moat.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * When a split cluster heals, keeps the higher version of each document, so a change saved on
 * the smaller side is not lost to Hazelcast's default (keep what the larger side has). Equal
 * versions keep the existing one. Named in {@code cluster-config/hazelcast.yaml}; it has no
 * state, so its serialized form is empty.
 */
public final class HigherDocumentVersionMergePolicy
        implements SplitBrainMergePolicy<ClusterDocument, MergingValue<ClusterDocument>, Object> {

    @Override
    public Object merge(MergingValue<ClusterDocument> merging, MergingValue<ClusterDocument> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        ClusterDocument incoming = merging.getDeserializedValue();
        ClusterDocument kept = existing.getDeserializedValue();
        if (kept == null || (incoming != null && incoming.version() > kept.version())) {
            return merging.getRawValue();
        }
        return existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
