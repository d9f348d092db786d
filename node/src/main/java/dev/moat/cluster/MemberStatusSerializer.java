package dev.moat.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Compact form of {@link MemberStatus}, type {@code moat.MemberStatus}. Compact has no map
 * field, so the applied document versions travel as two parallel arrays, names and versions.
 */
final class MemberStatusSerializer implements CompactSerializer<MemberStatus> {

    @Override
    public MemberStatus read(CompactReader in) {
        String[] names = in.readArrayOfString("documentNames");
        long[] versions = in.readArrayOfInt64("documentVersions");
        Map<String, Long> applied = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(names.length, versions.length); i++) {
            applied.put(names[i], versions[i]);
        }
        return new MemberStatus(
                in.readString("memberId"),
                in.readString("nodeName"),
                in.readString("address"),
                in.readString("serverSettingsVersion"),
                applied,
                in.readInt64("updatedAtMillis"));
    }

    @Override
    public void write(CompactWriter out, MemberStatus status) {
        Map<String, Long> applied = status.appliedDocumentVersions();
        String[] names = applied.keySet().toArray(String[]::new);
        long[] versions = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            versions[i] = applied.get(names[i]);
        }
        out.writeString("memberId", status.memberId());
        out.writeString("nodeName", status.nodeName());
        out.writeString("address", status.address());
        out.writeString("serverSettingsVersion", status.serverSettingsVersion());
        out.writeArrayOfString("documentNames", names);
        out.writeArrayOfInt64("documentVersions", versions);
        out.writeInt64("updatedAtMillis", status.updatedAtMillis());
    }

    @Override
    public String getTypeName() {
        return "moat.MemberStatus";
    }

    @Override
    public Class<MemberStatus> getCompactClass() {
        return MemberStatus.class;
    }
}
