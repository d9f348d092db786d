package dev.moat.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real {@code rbldnsd} (Debian's package, the daemon many public DNS lists run) on
 * 127.0.0.1 for end-to-end tests: one {@code ip4set} zone from the lines given, on a free
 * port, as a child process under {@code timeout(1)} so it ends within minutes even if the
 * test JVM never closes it.
 */
public final class Rbldnsd implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/rbldnsd");

    private final Process process;
    private final int port;

    private Rbldnsd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> binary() {
        return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
    }

    /** Serves {@code zone} from the ip4set {@code lines}, from a folder in {@code dir}. */
    public static Rbldnsd start(Path dir, String zone, List<String> lines) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("zone.txt");
        Files.write(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return ProgramPorts.start(1, ports -> start(dir, zone, ports[0]));
    }

    private static Rbldnsd start(Path dir, String zone, int port) throws IOException, InterruptedException {
        var process = new ProcessBuilder("timeout", "300", BINARY.toString(), "-n", "-u", "nobody",
                "-b", "127.0.0.1/" + port, "-w", dir.toString(), zone + ":ip4set:zone.txt")
                .redirectErrorStream(true).redirectOutput(dir.resolve("rbldnsd.log").toFile()).start();
        var rbldnsd = new Rbldnsd(process, port);
        rbldnsd.awaitAnswers(zone);
        return rbldnsd;
    }

    public int port() {
        return port;
    }

    private void awaitAnswers(String zone) throws IOException, InterruptedException {
        if (!answers(process, port, "1.0.0.127." + zone)) {
            close();
            throw new IOException("rbldnsd did not answer on port " + port);
        }
    }

    /** Whether the DNS daemon {@code process} answers a query for {@code name} on its port within ten seconds. */
    static boolean answers(Process process, int port, String name) throws IOException, InterruptedException {
        var resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofMillis(200));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, 1)));
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
