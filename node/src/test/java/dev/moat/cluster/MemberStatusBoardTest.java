package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.moat.testing.Eventually;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What members publish about themselves, on three real members on loopback. */
class MemberStatusBoardTest {

    @TempDir
    Path dir;
    LoopbackCluster cluster;

    @BeforeEach
    void newCluster() {
        cluster = new LoopbackCluster(dir, 3);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void theBoardListsThreeMembersThenTwoAfterOneLeaves() {
        ClusterMember first = cluster.start(1);
        ClusterMember second = cluster.start(2);
        ClusterMember third = cluster.start(3);
        for (ClusterMember member : List.of(first, second, third)) {
            member.statusBoard().publish("server-1", Map.of("settings", 4L));
        }
        Eventually.within(Duration.ofSeconds(5), () ->
                assertEquals(List.of("node-1", "node-2", "node-3"), nodeNames(second)));

        third.close();

        Eventually.within(Duration.ofSeconds(5), () ->
                assertEquals(List.of("node-1", "node-2"), nodeNames(first)));
    }

    @Test
    void aMemberWhoseEntryWasLostPublishesItAgainWhenAnotherMemberLeaves() {
        ClusterMember first = cluster.start(1);
        ClusterMember second = cluster.start(2);
        ClusterMember third = cluster.start(3);
        first.statusBoard().publish("server-1", Map.of("settings", 4L));
        second.statusBoard().publish("server-1", Map.of("settings", 4L));
        Eventually.within(Duration.ofSeconds(5), () -> assertEquals(List.of("node-1", "node-2"), nodeNames(second)));
        // As when the primary and the backup of node 1's entry were both on members now gone.
        instanceOf(second).getMap(ClusterMaps.MEMBER_STATUS).delete(first.localMemberId());
        assertEquals(List.of("node-2"), nodeNames(second));

        third.close();

        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(List.of("node-1", "node-2"), nodeNames(second),
                "node 1 published itself again when node 3 left"));
    }

    private static HazelcastInstance instanceOf(ClusterMember member) {
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getLifecycleService().isRunning()
                        && h.getCluster().getLocalMember().getUuid().toString().equals(member.localMemberId()))
                .findFirst().orElseThrow();
    }

    @Test
    void aStatusCarriesWhatTheMemberPublished() {
        ClusterMember member = cluster.start(1);

        member.statusBoard().publish("server-7", Map.of("settings", 3L, "router", 1L));

        MemberStatus status = member.statusBoard().all().get(0);
        assertEquals(member.localMemberId(), status.memberId());
        assertEquals("node-1", status.nodeName());
        assertEquals(member.localAddress(), status.address());
        assertEquals("server-7", status.serverSettingsVersion());
        assertEquals(Map.of("router", 1L, "settings", 3L), status.appliedDocumentVersions());
    }

    private static List<String> nodeNames(ClusterMember member) {
        return member.statusBoard().all().stream().map(MemberStatus::nodeName).toList();
    }
}
