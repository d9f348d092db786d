package dev.moat.settings;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code node} section: this node's name (the host name unless set) and the directory
 * for its own files (spool, admin token, durable copies of cluster documents).
 */
public record NodeSection(String name, Path dataDir) {
    public NodeSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    static NodeSection read(MappingReader r, HostFacts host) {
        String name = r.text("name", "").strip();
        Path dataDir = r.file("data-dir").orElse(Path.of("./data"));
        return new NodeSection(name.isEmpty() ? host.hostName() : name, dataDir);
    }
}
