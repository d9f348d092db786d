package dev.moat.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code haproxy}) on 127.0.0.1 for end-to-end tests: one TCP
 * frontend on a free port forwarding to one server on loopback with the server options given
 * ({@code send-proxy}, {@code send-proxy-v2}, {@code check} ...), and a statistics page that
 * tells whether its health checks find the server up. It runs as a child process under
 * {@code timeout(1)}, so it ends within a few minutes even if the test JVM never closes it.
 */
public final class HaProxy implements AutoCloseable {
    private static final List<String> PLACES = List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy");
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Process process;
    private final Path log;
    private final int port;
    private final int statsPort;

    private HaProxy(Process process, Path log, int port, int statsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.statsPort = statsPort;
    }

    /** The haproxy program, if this machine has one. */
    public static Optional<Path> binary() {
        var onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "haproxy"));
        return java.util.stream.Stream.concat(PLACES.stream().map(Path::of), onPath)
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts HAProxy with its configuration in {@code dir}: a frontend on a free port whose
     * backend is {@code 127.0.0.1:serverPort} with {@code serverOptions}, and
     * {@code backendLines} (each a directive, such as {@code option smtpchk}) in the backend.
     */
    public static HaProxy start(Path dir, int serverPort, String serverOptions, String... backendLines)
            throws IOException, InterruptedException {
        return ProgramPorts.start(2, ports -> start(dir, serverPort, serverOptions, backendLines, ports[0], ports[1]));
    }

    private static HaProxy start(Path dir, int serverPort, String serverOptions, String[] backendLines, int port,
            int statsPort) throws IOException, InterruptedException {
        var backend = new StringBuilder();
        for (var line : backendLines) {
            backend.append("    ").append(line).append('\n');
        }
        var config = """
                global
                    maxconn 200
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend stats
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                frontend smtp
                    bind 127.0.0.1:%d
                    default_backend node
                backend node
                %s    server node 127.0.0.1:%d %s
                """.formatted(statsPort, port, backend, serverPort, serverOptions);
        var file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        var log = dir.resolve("haproxy.log");
        var process = new ProcessBuilder("timeout", "-k", "5", String.valueOf(LIFETIME.toSeconds()),
                binary().orElseThrow().toString(), "-f", file.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var proxy = new HaProxy(process, log, port, statsPort);
        try {
            Eventually.until("haproxy serves its statistics page", () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("haproxy exited: " + proxy.output());
                }
                return proxy.stats().isPresent();
            });
        } catch (AssertionError | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** Where clients connect. */
    public int port() {
        return port;
    }

    /** The server's state as HAProxy's health checks see it: UP, DOWN, "no check" ... */
    public String serverStatus() {
        var csv = stats().orElseThrow(() -> new AssertionError("no statistics from haproxy: " + output()));
        var lines = csv.split("\n");
        var columns = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int status = columns.indexOf("status");
        for (var line : lines) {
            var fields = line.split(",", -1);
            if (fields.length > status && fields[0].equals("node") && fields[1].equals("node")) {
                return fields[status];
            }
        }
        throw new AssertionError("no server line in haproxy statistics: " + csv);
    }

    /** What haproxy wrote, for failure messages. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private Optional<String> stats() {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        // timeout(1) passes the TERM on to haproxy, which stops at once.
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
