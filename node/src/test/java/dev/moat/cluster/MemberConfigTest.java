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

        Config config = MemberConfig.build(options(file, List.of("10.0.0.1:5701", "10.0.0.2"), "10.0.0.5"));

        assertEquals("test", config.getClusterName());
        assertEquals(5801, config.getNetworkConfig().getPort());
        assertTrue(config.getNetworkConfig().isPortAutoIncrement());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), join.getTcpIpConfig().getMembers());
        assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    }

    @Test
    void theMemberBindsItsBindAddressAlone() {
        Config config = MemberConfig.build(options(null, List.of("10.0.0.1:5701"), "10.0.0.5"));

        assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals(List.of("10.0.0.5"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
        assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    }

    @Test
    void everyInterfaceOnlyWhenTheBindAddressIsTheWildcard() {
        Config config = MemberConfig.build(options(null, List.of("10.0.0.1:5701"), "0.0.0.0"));

        assertFalse(config.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals("true", config.getProperty("hazelcast.socket.bind.any"));
    }

    @Test
    void everyWayForAMemberToRunCodeOnAnotherIsOffWhateverTheFileSays() throws IOException {
        Path file = dir.resolve("hazelcast.yaml");
        Files.writeString(file, """
                hazelcast:
                  jet:
                    enabled: true
                    resource-upload-enabled: true
                  user-code-deployment:
                    enabled: true
                  user-code-namespaces:
                    enabled: true
                  management-center:
                    scripting-enabled: true
                    console-enabled: true
                    data-access-enabled: true
                  network:
                    rest-api:
                      enabled: true
                    memcache-protocol:
                      enabled: true
                """);
        Config asWritten = new com.hazelcast.config.YamlConfigBuilder(Files.newInputStream(file)).build();
        assertTrue(asWritten.getJetConfig().isEnabled() && asWritten.getUserCodeDeploymentConfig().isEnabled()
                && asWritten.getNamespacesConfig().isEnabled() && asWritten.getNetworkConfig().getRestApiConfig().isEnabled(),
                "the file does turn them on");

        Config config = MemberConfig.build(options(file, List.of(), "127.0.0.1"));

        assertFalse(config.getJetConfig().isEnabled(), "Jet");
        assertFalse(config.getJetConfig().isResourceUploadEnabled(), "Jet resource upload");
        assertFalse(config.getUserCodeDeploymentConfig().isEnabled(), "user code deployment");
        assertFalse(config.getNamespacesConfig().isEnabled(), "user code namespaces");
        assertFalse(config.getManagementCenterConfig().isScriptingEnabled(), "Management Center scripting");
        assertFalse(config.getManagementCenterConfig().isConsoleEnabled(), "Management Center console");
        assertFalse(config.getManagementCenterConfig().isDataAccessEnabled(), "Management Center data access");
        assertFalse(config.getNetworkConfig().getRestApiConfig().isEnabled(), "REST endpoint");
        assertFalse(config.getNetworkConfig().getMemcacheProtocolConfig().isEnabled(), "Memcache endpoint");
        assertNotNull(config.getSerializationConfig().getJavaSerializationFilterConfig(), "deserialization filter");
        assertFalse(config.getSerializationConfig().getJavaSerializationFilterConfig().isDefaultsDisabled(),
                "the filter keeps Hazelcast's list of gadget classes");
    }

    @Test
    void theEmbeddedDefaultsLeaveEveryWayToRunCodeOff() {
        Config config = MemberConfig.build(options(null, List.of()));

        assertFalse(config.getJetConfig().isEnabled());
        assertFalse(config.getUserCodeDeploymentConfig().isEnabled());
        assertFalse(config.getNamespacesConfig().isEnabled());
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
        return options(file, members, "127.0.0.1");
    }

    private ClusterOptions options(Path file, List<String> members, String bindAddress) {
        return new ClusterOptions("test", 5801, members, file, "node-1", dir, bindAddress, LoopbackCluster.newSecret());
    }
}
