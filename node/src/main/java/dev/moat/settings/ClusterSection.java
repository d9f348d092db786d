package dev.moat.settings;

import dev.moat.net.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cluster} section: the cluster's name and this member's port (Hazelcast tries the
 * next ports when it is taken), the members to join (as written: {@code host} or {@code
 * host:port}; without a port Hazelcast tries its port range; itself alone when none is given),
 * the Hazelcast configuration and first cluster-wide document, embedded ones unless set, the
 * one address the member binds ({@code 127.0.0.1} unless set; {@code 0.0.0.0} or {@code ::}
 * for every interface) and the file holding the cluster secret (none: the environment
 * variable, else one generated for a lone node).
 */
public record ClusterSection(String name, int port, List<String> members, Optional<Path> hazelcastConfig,
        Optional<Path> initialDocument, IpAddress bindAddress, Optional<Path> secretFile) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public ClusterSection {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        Objects.requireNonNull(hazelcastConfig, "hazelcastConfig");
        Objects.requireNonNull(initialDocument, "initialDocument");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(secretFile, "secretFile");
    }

    static ClusterSection read(MappingReader r) {
        String name = r.text("name", "moat").strip();
        if (name.isEmpty()) {
            r.error("name", "must not be empty");
        }
        int port = r.integer("port", 5701, 1, 65_535);
        List<String> members = new ArrayList<>();
        for (MappingReader.Item member : r.texts("members")) {
            if (HostAndPort.parse(member.text(), port).isPresent()) {
                members.add(member.text().strip());
            } else {
                r.error(member, "must be host or host:port, such as 10.0.0.2, moat-1:5701 or [2001:db8::2]:5701");
            }
        }
        return new ClusterSection(name, port, members.isEmpty() ? List.of("127.0.0.1") : members,
                r.file("hazelcast-config"), r.file("initial-document"),
                r.ipAddress("bind-address", DEFAULT_BIND_ADDRESS), r.file("secret-file"));
    }
}
