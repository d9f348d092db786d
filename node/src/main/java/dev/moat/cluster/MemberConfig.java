package dev.moat.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
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
 * says, joining is TCP-IP with the given members only (every other discovery off), the member
 * binds the one address of the options (every interface only when they say {@code 0.0.0.0} or
 * {@code ::}), Hazelcast neither phones home nor installs a shutdown hook (the node stops in
 * order), it logs through SLF4J, and every way for one member to run code on another is off
 * ({@link #closeCodeExecution}).
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
        bind(config, options);
        closeCodeExecution(config);

        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        compact.addSerializer(new ClusterDocumentSerializer());
        compact.addSerializer(new MemberStatusSerializer());
        compact.addSerializer(new ReplaceDocumentProcessor.Serializer());
        compact.addSerializer(new SeedDocumentProcessor.Serializer());
        compact.addSerializer(new TemporaryClientSerializer());
        compact.addSerializer(new CalloutResultSerializer());
        return config;
    }

    /** The member listens on its bind address alone, unless that is the wildcard. */
    private static void bind(Config config, ClusterOptions options) {
        NetworkConfig network = config.getNetworkConfig();
        if (options.bindsEveryInterface()) {
            network.getInterfaces().setEnabled(false).clear();
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "true");
        } else {
            network.getInterfaces().setEnabled(true).setInterfaces(List.of(options.bindAddress()));
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        }
        if (options.bindAddress().contains(":")) {
            config.setProperty(ClusterProperty.PREFER_IPv4_STACK.getName(), "false");
        }
    }

    /**
     * Turns off, whatever the file says, every feature through which a member (or a client on
     * the member port) makes another member run code or reach its data: the Jet engine and its
     * resource upload (and so SQL), user code deployment and user code namespaces, Management
     * Center scripting, console and data access, the REST and Memcache endpoints. Java
     * deserialization keeps Hazelcast's filter of known gadget classes.
     */
    static void closeCodeExecution(Config config) {
        config.getJetConfig().setEnabled(false).setResourceUploadEnabled(false);
        config.getUserCodeDeploymentConfig().setEnabled(false);
        config.getNamespacesConfig().setEnabled(false);
        config.getManagementCenterConfig().setScriptingEnabled(false).setConsoleEnabled(false)
                .setDataAccessEnabled(false);
        config.getNetworkConfig().getRestApiConfig().setEnabled(false);
        config.getNetworkConfig().getMemcacheProtocolConfig().setEnabled(false);
        config.getSerializationConfig().setJavaSerializationFilterConfig(
                new JavaSerializationFilterConfig().setDefaultsDisabled(false));
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
