package dev.moat.cluster;

import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSection;
import dev.moat.settings.ServerSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a node's settings and environment into its {@link ClusterOptions}: the bind address of
 * {@code cluster.bind-address}, or of {@code MOAT_CLUSTER_BIND_ADDRESS} when set (the Helm chart
 * sets it to the pod's address), and the cluster secret ({@link ClusterSecretSource}). A member
 * bound to loopback cannot reach members on other hosts, so that combination is refused with a
 * message that says what to set.
 */
public final class ClusterSetup {

    static final String BIND_ADDRESS_VARIABLE = "MOAT_CLUSTER_BIND_ADDRESS";

    private ClusterSetup() {
    }

    /** @throws IllegalArgumentException when the settings and environment do not make a member */
    public static ClusterOptions options(ServerSettings settings, Map<String, String> env) {
        ClusterSection cluster = settings.cluster();
        String bindAddress = Optional.ofNullable(env.get(BIND_ADDRESS_VARIABLE))
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .map(ClusterSetup::ipAddress)
                .orElse(cluster.bindAddress().toString());
        boolean allLoopback = cluster.members().stream().allMatch(MemberConfig::isLoopback);
        if (MemberConfig.isLoopback(bindAddress) && !allLoopback) {
            throw new IllegalArgumentException("cluster.bind-address is " + bindAddress + " (loopback), but "
                    + "cluster.members names other hosts " + cluster.members() + ": set cluster.bind-address (or "
                    + BIND_ADDRESS_VARIABLE + ") to this host's address on their network");
        }
        boolean lone = allLoopback && cluster.members().size() <= 1;
        ClusterSecret secret = ClusterSecretSource.resolve(cluster.secretFile(), settings.node().dataDir(), env, lone);
        return new ClusterOptions(cluster.name(), cluster.port(), cluster.members(),
                cluster.hazelcastConfig().orElse(null), settings.node().name(), settings.node().dataDir(),
                bindAddress, secret);
    }

    private static String ipAddress(String text) {
        return IpAddress.tryParse(text).map(Object::toString).orElseThrow(() -> new IllegalArgumentException(
                BIND_ADDRESS_VARIABLE + " must be one IP address, not " + text));
    }
}
