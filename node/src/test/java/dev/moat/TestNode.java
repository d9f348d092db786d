package dev.moat;

import dev.moat.cluster.LoopbackCluster;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real nodes for end-to-end tests, in this JVM: SMTP and admin on 127.0.0.1 with ports the
 * system picks, a Hazelcast member of a cluster with a random name and secret on free loopback
 * ports, a data directory per node, and a settings file per node that tests may rewrite.
 */
final class TestNode {
    static final String HOST = "mx.moat.test";
    static final String TOKEN = "test-admin-token";

    private final Path root;
    private final int size;
    private final String clusterName = "moat-e2e-" + UUID.randomUUID();
    private final String secret = LoopbackCluster.newSecretText();
    private final int basePort;
    private String adminExtra = "";

    /** A cluster of {@code size} nodes (1 for a lone node). */
    TestNode(Path root, int size) {
        this.root = root;
        this.size = size;
        this.basePort = LoopbackCluster.freeBasePort(size);
    }

    /** The cluster secret every node of this cluster has; for checks that it never appears anywhere. */
    String secret() {
        return secret;
    }

    String clusterName() {
        return clusterName;
    }

    /** Every node's Hazelcast member address, {@code 127.0.0.1:port}. */
    List<String> memberList() {
        var members = new ArrayList<String>();
        for (int i = 0; i < size; i++) {
            members.add("127.0.0.1:" + (basePort + i));
        }
        return members;
    }

    /** YAML (keys indented two spaces) added to the {@code admin:} section of the settings files written from now on. */
    TestNode withAdminSettings(String yaml) {
        this.adminExtra = yaml;
        return this;
    }

    Path settingsFile(int index) {
        return root.resolve("node-" + index + ".yaml");
    }

    Path dataDir(int index) {
        return root.resolve("data-" + index);
    }

    /** Writes node {@code index}'s settings file: the common part, then {@code extra} YAML. */
    Path writeSettings(int index, String extra) throws IOException {
        return writeSettings(index, "", extra);
    }

    /** As above, with {@code smtpExtra} (indented two spaces) added to the {@code smtp:} section. */
    Path writeSettings(int index, String smtpExtra, String extra) throws IOException {
        return writeSettings(index, """
                    - name: smtp
                      address: 127.0.0.1
                      port: 0
                """, smtpExtra, extra);
    }

    /** As above, with {@code listeners} (items indented four spaces) as {@code smtp.listeners}. */
    Path writeSettings(int index, String listeners, String smtpExtra, String extra) throws IOException {
        var members = memberList().stream().map(m -> "\"" + m + "\"").toList();
        var yaml = """
                node:
                  name: node-%d
                  data-dir: %s
                smtp:
                %s  host-name: %s
                  listeners:
                %sadmin:
                  address: 127.0.0.1
                  port: 0
                %scluster:
                  name: %s
                  port: %d
                  members: [%s]
                """.formatted(index, dataDir(index), smtpExtra, HOST, listeners, adminExtra, clusterName, basePort + index - 1,
                String.join(", ", members)) + extra;
        Files.writeString(settingsFile(index), yaml);
        return settingsFile(index);
    }

    /**
     * The {@code smtp.listeners} items of a node with a plain listener {@code smtp} and a PROXY
     * listener {@code proxied} that trusts 127.0.0.1, both on loopback port 0: a test speaks for
     * any sender address through the second while all traffic stays on loopback.
     */
    static String plainAndProxyListeners(String proxied) {
        return """
                    - name: smtp
                      address: 127.0.0.1
                      port: 0
                    - name: %s
                      address: 127.0.0.1
                      port: 0
                      proxy-protocol: true
                      trusted-proxies: "127.0.0.1"
                """.formatted(proxied);
    }

    /** Starts node {@code index} from its settings file (written before), watching it. */
    Node start(int index) throws Exception {
        return start(index, environment());
    }

    /** As above, with {@code env} as the node's environment (the token file is used without MOAT_ADMIN_TOKEN). */
    Node start(int index, Map<String, String> env) throws Exception {
        var host = new HostFacts(HOST);
        var parsed = ServerSettings.parse(Files.readString(settingsFile(index)), host);
        if (!parsed.errors().isEmpty()) {
            throw new IllegalArgumentException("bad test settings: " + parsed.errors());
        }
        var withSecret = new HashMap<>(env);
        withSecret.putIfAbsent("MOAT_CLUSTER_SECRET", secret);
        return Node.start(parsed.value(), settingsFile(index), host, withSecret);
    }

    /** What every node of this cluster finds in its environment: the admin token and the cluster secret. */
    Map<String, String> environment() {
        return Map.of("MOAT_ADMIN_TOKEN", TOKEN, "MOAT_CLUSTER_SECRET", secret);
    }

    /**
     * Starts every node of this cluster in relay mode to {@code nextHopPort}, with local domain
     * {@code moat.test} and only 127.0.0.1 as a Client, adds them to {@code running}, and waits
     * until they have all joined.
     */
    void startRelayCluster(int nextHopPort, List<Node> running) throws Exception {
        startRelayCluster(nextHopPort, "", running);
    }

    /** As above, with {@code deliveryExtra} (keys indented two spaces) added to the {@code delivery:} section. */
    void startRelayCluster(int nextHopPort, String deliveryExtra, List<Node> running) throws Exception {
        for (int i = 1; i <= size; i++) {
            writeSettings(i, relayTo(nextHopPort) + deliveryExtra);
            running.add(start(i));
        }
        var first = running.get(running.size() - size);
        dev.moat.testing.Eventually.within(java.time.Duration.ofSeconds(30),
                () -> org.junit.jupiter.api.Assertions.assertEquals(size, first.member().memberCount()));
    }

    /**
     * The settings (top level) of a relay node to {@code nextHopPort}: local domain
     * {@code moat.test}, only 127.0.0.1 a Client (not all of 127.0.0.0/8: a Client is never
     * Blacklisted, and tests use other loopback addresses as Strangers).
     */
    static String relayTo(int nextHopPort) {
        return """
                local-domains: [moat.test]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                """.formatted(nextHopPort);
    }

    static int smtpPort(Node node) {
        return node.smtpAddresses().get(0).getPort();
    }

    static void closeAll(List<Node> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        nodes.clear();
    }
}
