package dev.moat.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real members on loopback for tests: a random cluster name and cluster secret, a run of free
 * ports found at test time, one data directory per member under a test's temporary folder,
 * every member bound to 127.0.0.1. Members started through it are all closed by {@link #close()}.
 */
public final class LoopbackCluster implements AutoCloseable {

    private final String name = "moat-test-" + UUID.randomUUID();
    private final ClusterSecret secret = newSecret();
    private final Path root;
    private final int size;
    private final int basePort;
    private final List<ClusterMember> started = new ArrayList<>();

    public LoopbackCluster(Path root, int size) {
        this.root = root;
        this.size = size;
        this.basePort = freeBasePort(size);
    }

    public String name() {
        return name;
    }

    public ClusterSecret secret() {
        return secret;
    }

    /** Starts member {@code index} (1-based) with its own port and data directory. */
    public ClusterMember start(int index) {
        return start(options(index), ClusterEvents.NONE);
    }

    /** Starts a member from {@code options} (of this cluster or not), reporting to {@code events}. */
    public ClusterMember start(ClusterOptions options, ClusterEvents events) {
        ClusterMember member = ClusterMember.start(options, events);
        started.add(member);
        return member;
    }

    public ClusterOptions options(int index) {
        return options(index, secret);
    }

    /** Member {@code index}'s options with another secret. */
    public ClusterOptions options(int index, ClusterSecret memberSecret) {
        return new ClusterOptions(name, basePort + index - 1, memberList(), null, "node-" + index, dataDir(index),
                "127.0.0.1", memberSecret);
    }

    /** Every member's {@code 127.0.0.1:port}. */
    public List<String> memberList() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add("127.0.0.1:" + (basePort + i));
        }
        return members;
    }

    /** A new random secret (44 characters). */
    public static ClusterSecret newSecret() {
        return ClusterSecret.parse(newSecretText());
    }

    public static String newSecretText() {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        return java.util.Base64.getEncoder().encodeToString(random);
    }

    public Path dataDir(int index) {
        return root.resolve("node-" + index);
    }

    @Override
    public void close() {
        // One at a time: members leaving together wait on each other's partition migrations.
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }

    /** The first of {@code count} consecutive ports that are free now, below the ephemeral range. */
    public static int freeBasePort(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
