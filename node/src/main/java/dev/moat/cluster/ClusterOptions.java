package dev.moat.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a node tells its Hazelcast member: the cluster name, the first port to try (the next
 * free one is taken when it is busy), the members to join over TCP-IP (empty means this host
 * alone, {@code 127.0.0.1}), the member configuration file ({@code null} means the embedded
 * {@code cluster-config/hazelcast.yaml}), this node's name, its data directory, the one address
 * the member binds ({@code 0.0.0.0} or {@code ::} for every interface) and the cluster secret.
 * These values override the configuration file.
 */
public record ClusterOptions(
        String clusterName,
        int port,
        List<String> members,
        Path hazelcastConfig,
        String memberName,
        Path dataDir,
        String bindAddress,
        ClusterSecret secret) {

    public ClusterOptions {
        requireText(clusterName, "clusterName");
        requireText(memberName, "memberName");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        members = members == null ? List.of() : List.copyOf(members);
        members.forEach(m -> requireText(m, "member"));
        Objects.requireNonNull(dataDir, "dataDir");
        requireText(bindAddress, "bindAddress");
        Objects.requireNonNull(secret, "secret");
    }

    /** The members to join: the given ones, or this host alone. */
    public List<String> membersOrLocal() {
        return members.isEmpty() ? List.of("127.0.0.1") : members;
    }

    /** Whether the member binds every interface rather than one address. */
    public boolean bindsEveryInterface() {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("0:0:0:0:0:0:0:0");
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
