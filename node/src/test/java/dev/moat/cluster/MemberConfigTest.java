package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a member's Hazelcast configuration is built from the YAML and the node's options. */
class MemberConfigTest {

    @TempDir
    Path dir;

    @Test
    void theBundledConfigurationConfiguresEveryDeclaredMap() {
        Config config = MemberConfig.build(options(null, List.of()));

        MapConfig documents = config.getMapConfigs().get(ClusterMaps.DOCUMENTS);
        assertNotNull(documents, "no configuration for " + ClusterMaps.DOCUMENTS);
        assertEquals(2, documents.getBackupCount());
        assertEquals(0, documents.getAsyncBackupCount());
        assertEquals(HigherDocumentVersionMergePolicy.class.getName(), documents.getMergePolicyConfig().getPolicy());
        assertNotNull(config.getMapConfigs().get(ClusterMaps.MEMBER_STATUS), "no configuration for "
                + ClusterMaps.MEMBER_STATUS);
        assertNotNull(config.getMapConfigs().get(ClusterMaps.TEMPORARY_CLIENTS), "no configuration for "
                + ClusterMaps.TEMPORARY_CLIENTS);
    }

    @Test
    void theOptionsOverrideTheFileAndNoDiscoveryButTheMemberListSurvives() throws IOException {
        Path file = dir.resolve("hazelcast.yaml");
        Files.writeString(file, """
                hazelcast:
                  cluster-name: from-the-file
                  network:
                    port:
                      port: 6000
                      auto-increment: false
                    join:
                      auto-detection:
                        enabled: true
                      multicast:
                        enabled: true
                """);

        Config config = MemberConfig.build(options(file, List.of("10.0.0.1:5701", "10.0.0.2")));

        assertEquals("test", config.getClusterName());
        assertEquals(5801, config.getNetworkConfig().getPort());
        assertTrue(config.getNetworkConfig().isPortAutoIncrement());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), join.getTcpIpConfig().getMembers());
        assertFalse(config.getNetworkConfig().getInterfaces().isEnabled(), "a real network binds as configured");
        assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    }

    @Test
    void withoutMembersAMemberJoinsOnlyItselfOnLoopback() {
        Config config = MemberConfig.build(options(null, List.of()));

        assertEquals(List.of("127.0.0.1"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    }

    @ParameterizedTest(name = "{0} is loopback: {1}")
    @CsvSource({
        "127.0.0.1, true",
        "127.0.0.1:5702, true",
        "localhost:5701, true",
        "10.0.0.1, false",
        "moat-0.moat.svc:5701, false",
        "::1, false",
    })
    void loopbackMembersAreRecognised(String member, boolean loopback) {
        assertEquals(loopback, MemberConfig.isLoopback(member));
    }

    private ClusterOptions options(Path file, List<String> members) {
        return new ClusterOptions("test", 5801, members, file, "node-1", dir);
    }
}
