package dev.moat.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.spi.properties.ClusterProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Builds a member's Hazelcast configuration: the YAML file (or the embedded
 * {@code cluster-config/hazelcast.yaml}), then the node's options on top. Whatever the file
 * says, joining is TCP-IP with the given members only (every other discovery off), Hazelcast
 * neither phones home nor installs a shutdown hook (the node stops in order), and it logs
 * through SLF4J. When every member is on loopback the member binds to loopback alone, so a
 * laptop's cluster is not reachable from the network.
 */
final class MemberConfig {

    static final String EMBEDDED = "/cluster-config/hazelcast.yaml";

    private MemberConfig() {
    }

    static Config build(ClusterOptions options) {
        Config config = load(options);
        config.setClusterName(options.clusterName());
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
        config.getMemberAttributeConfig().setAttribute("moat.node-name", options.memberName());

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(true);
        List<String> members = options.membersOrLocal();
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        join.getDiscoveryConfig().getDiscoveryStrategyConfigs().clear();
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        if (members.stream().allMatch(MemberConfig::isLoopback)) {
            network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        }

        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        compact.addSerializer(new ClusterDocumentSerializer());
        compact.addSerializer(new MemberStatusSerializer());
        compact.addSerializer(new ReplaceDocumentProcessor.Serializer());
        compact.addSerializer(new SeedDocumentProcessor.Serializer());
        return config;
    }

    private static Config load(ClusterOptions options) {
        try (InputStream in = options.hazelcastConfig() == null
                ? MemberConfig.class.getResourceAsStream(EMBEDDED)
                : Files.newInputStream(options.hazelcastConfig())) {
            if (in == null) {
                throw new IllegalStateException("the embedded " + EMBEDDED + " is missing from the jar");
            }
            return new YamlConfigBuilder(in).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the member configuration " + options.hazelcastConfig(), e);
        }
    }

    /** Whether a member address ({@code host} or {@code host:port}) is this host's loopback. */
    static boolean isLoopback(String member) {
        String host = member.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.startsWith("127.");
    }
}
