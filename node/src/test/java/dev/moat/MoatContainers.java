package dev.moat;

import dev.moat.cluster.LoopbackCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Moat nodes as containers from {@code deploy/Dockerfile}, on the base image that
 * {@code deploy/build-base-image.sh} builds from Debian packages (built here when missing and
 * possible), with host networking so that every port is on loopback: node {@code i} has SMTP
 * on {@code smtpBase + i}, admin on {@code adminBase + i} and Hazelcast on {@code clusterBase +
 * i}. Each node's data directory is a folder of the test's, kept across restarts of that node.
 * Skips the calling test class, saying why, where Docker or the image cannot be had.
 */
final class MoatContainers implements AutoCloseable {
    static final String BASE = "moat-base:bookworm";
    static final String IMAGE = "moat:container-test";
    static final String TOKEN = "container-test-admin-token";
    static final String APART = "127.0.0.213";

    private final Path root;
    private final int size;
    private final int smtpBase;
    private final int adminBase;
    private final int clusterBase;
    private final String clusterName = "moat-ct-" + System.nanoTime();
    private final String secret = LoopbackCluster.newSecretText();
    private final int nextHopPort;
    private final List<GenericContainer<?>> nodes = new ArrayList<>();
    private final boolean apart;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MoatContainers(Path root, int size, int nextHopPort) throws Exception {
        this.root = root;
        this.size = size;
        this.nextHopPort = nextHopPort;
        int base = LoopbackCluster.freeBasePort(3 * size);
        this.smtpBase = base - 1;
        this.adminBase = base + size - 1;
        this.clusterBase = base + 2 * size - 1;
        for (int i = 0; i < size; i++) {
            nodes.add(null);
        }
        run(root, "ip", "addr", "del", APART + "/32", "dev", "lo");
        apart = run(root, "ip", "addr", "add", APART + "/32", "dev", "lo") == 0;
    }

    /** Skips unless Docker runs here; builds the base image (when missing) and the node image from the jar. */
    static void buildImage() throws Exception {
        Assumptions.assumeTrue(dockerRuns(), "no Docker engine can run here (start dockerd; .ci/run installs and "
                + "starts it): the container tests are skipped");
        var jar = Path.of(System.getProperty("moat.jar", "target/moat-node.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run mvn package first");
        var repository = jar.toAbsolutePath().getParent().getParent().getParent();
        if (run(repository, "docker", "image", "inspect", BASE) != 0) {
            Assumptions.assumeTrue(run(repository, "deploy/build-base-image.sh", BASE) == 0,
                    "the base image " + BASE + " is missing and deploy/build-base-image.sh could not build it "
                            + "(it needs root and debootstrap): the container tests are skipped");
        }
        if (run(repository, "docker", "build", "-q", "-f", "deploy/Dockerfile", "--build-arg", "BASE_IMAGE=" + BASE,
                "-t", IMAGE, ".") != 0) {
            throw new IllegalStateException("docker build -f deploy/Dockerfile failed; see the test output");
        }
    }

    private static boolean dockerRuns() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        } catch (IOException e) {
            return -1;
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    int smtpPort(int i) {
        return smtpBase + i;
    }

    int adminPort(int i) {
        return adminBase + i;
    }

    int clusterPort(int i) {
        return clusterBase + i;
    }

    /**
     * The address member {@code i} binds: the last one binds {@link #APART} when this machine
     * lets it be added to the loopback interface (Hazelcast binds only interface addresses),
     * so that a firewall rule can cut it off; the others bind 127.0.0.1.
     */
    String clusterAddress(int i) {
        return i == size && apart ? APART : "127.0.0.1";
    }

    /** Whether the last member has an address of its own, so that {@code RollingClusterIT} can cut it off. */
    boolean canCutOffTheLast() {
        return apart;
    }

    /** Starts node {@code i} (1-based) and waits until it is ready. */
    void start(int i, String javaOptions) throws IOException {
        var config = Files.createDirectories(root.resolve("config-" + i));
        var data = root.resolve("data-" + i);
        if (!Files.isDirectory(data)) {
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        var members = new ArrayList<String>();
        for (int m = 1; m <= size; m++) {
            members.add("\"" + clusterAddress(m) + ":" + clusterPort(m) + "\"");
        }
        Files.writeString(config.resolve("moat.yaml"), """
                node:
                  name: moat-%d
                  data-dir: /var/lib/moat/node
                smtp:
                  host-name: mx.moat.test
                  listeners:
                    - name: smtp
                      address: 127.0.0.1
                      port: %d
                  auth:
                    allow-plaintext: true
                local-domains: [moat.test]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                admin:
                  address: 127.0.0.1
                  port: %d
                cluster:
                  name: %s
                  bind-address: %s
                  port: %d
                  members: [%s]
                """.formatted(i, smtpPort(i), nextHopPort, adminPort(i), clusterName, clusterAddress(i), clusterPort(i),
                String.join(", ", members)));
        var container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withEnv("MOAT_CLUSTER_SECRET", secret)
                .withEnv("MOAT_ADMIN_TOKEN", TOKEN)
                .withEnv("MOAT_JAVA_OPTS", "-Xmx200m -XX:+ExitOnOutOfMemoryError " + javaOptions)
                .withFileSystemBind(config.toString(), "/etc/moat", org.testcontainers.containers.BindMode.READ_ONLY)
                .withFileSystemBind(data.toString(), "/var/lib/moat", org.testcontainers.containers.BindMode.READ_WRITE)
                .withStartupAttempts(1)
                .waitingFor(Wait.forLogMessage(".*node moat-" + i + " ready: .*", 1)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        nodes.set(i - 1, container);
    }

    /** Stops node {@code i} as Kubernetes does: SIGTERM, then up to 30 s to drain and leave. */
    void stop(int i) {
        var container = nodes.get(i - 1);
        var id = container.getContainerId();
        container.getDockerClient().stopContainerCmd(id).withTimeout(30).exec();
        container.getDockerClient().removeContainerCmd(id).withForce(true).exec();
        nodes.set(i - 1, null);
    }

    String logs(int i) {
        return nodes.get(i - 1) == null ? "" : nodes.get(i - 1).getLogs();
    }

    HttpResponse<String> get(int i, String path) throws IOException, InterruptedException {
        return http.send(request(i, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(int i, String path, String body, String ifMatch) throws IOException, InterruptedException {
        var request = request(i, path).PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(int i, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort(i) + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (int i = 1; i <= size; i++) {
            if (nodes.get(i - 1) != null) {
                nodes.get(i - 1).stop();
                nodes.set(i - 1, null);
            }
        }
        if (apart) {
            run(root, "ip", "addr", "del", APART + "/32", "dev", "lo");
        }
    }
}
