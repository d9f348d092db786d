package dev.moat.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one member reports about itself so a rollout can be watched: its member id, the node's
 * name and cluster address, the version of the server-wide settings it runs, the version of
 * each cluster-wide document it has applied (in name order), and when it last reported.
 */
public record MemberStatus(
        String memberId,
        String nodeName,
        String address,
        String serverSettingsVersion,
        Map<String, Long> appliedDocumentVersions,
        long updatedAtMillis) {

    public MemberStatus {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serverSettingsVersion, "serverSettingsVersion");
        appliedDocumentVersions = Collections.unmodifiableMap(new TreeMap<>(appliedDocumentVersions));
    }
}
