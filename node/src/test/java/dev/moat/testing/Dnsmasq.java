package dev.moat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code dnsmasq} (Debian's {@code dnsmasq-base}, the binary without a system service)
 * on 127.0.0.1 for end-to-end tests: it answers for the domains under one local zone from the
 * records given (MX and address records as its own options), NXDOMAIN for every other name in
 * that zone, and forwards nothing anywhere. It runs in the foreground on a free port, without
 * reading any system file, as a child process under {@code timeout(1)} so it ends within minutes
 * even if the test JVM never closes it.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final Process process;
    private final int port;

    private Dnsmasq(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> binary() {
        return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
    }

    /**
     * Serves the local {@code zone} with {@code records}, each one of dnsmasq's record options
     * without its dashes (such as {@code mx-host=good.example,mx.good.example,10} or {@code
     * host-record=mx.good.example,127.0.0.2}); {@code probe} is a name among them to wait for.
     */
    public static Dnsmasq start(Path dir, String zone, List<String> records, String probe)
            throws IOException, InterruptedException {
        return ProgramPorts.start(1, ports -> start(dir, zone, records, probe, ports[0]));
    }

    private static Dnsmasq start(Path dir, String zone, List<String> records, String probe, int port)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("timeout", "300", BINARY.toString(), "--keep-in-foreground",
                "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
                "--listen-address=127.0.0.1", "--port=" + port, "--user=nobody", "--pid-file=",
                "--local=/" + zone + "/", "--log-queries", "--log-facility=-"));
        for (String record : records) {
            command.add("--" + record);
        }
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        var dnsmasq = new Dnsmasq(process, port);
        dnsmasq.awaitAnswers(probe);
        return dnsmasq;
    }

    public int port() {
        return port;
    }

    private void awaitAnswers(String probe) throws IOException, InterruptedException {
        if (!Rbldnsd.answers(process, port, probe)) {
            close();
            throw new IOException("dnsmasq did not answer on port " + port);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
