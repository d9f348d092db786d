package dev.moat.admin;

import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.DocumentStore;
import dev.moat.cluster.LoopbackCluster;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real member for the admin tests of a class: the {@code settings} document seeded from
 * the embedded first version, one member status published, and a {@link TestBackend} on them.
 */
final class SeededMember implements AutoCloseable {
    private final LoopbackCluster cluster;
    final ClusterMember member;

    private SeededMember(LoopbackCluster cluster, ClusterMember member) {
        this.cluster = cluster;
        this.member = member;
    }

    static SeededMember start(Path dir) {
        LoopbackCluster cluster = new LoopbackCluster(dir, 1);
        ClusterMember member = cluster.start(1);
        member.documents().seed("settings", DocumentStore.initialText("settings").orElseThrow());
        member.statusBoard().publish("server-3", Map.of("settings", 0L));
        return new SeededMember(cluster, member);
    }

    TestBackend backend() {
        return new TestBackend(member.documents(), member.statusBoard()::all);
    }

    long settingsVersion() {
        return member.documents().get("settings").orElseThrow().version();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
