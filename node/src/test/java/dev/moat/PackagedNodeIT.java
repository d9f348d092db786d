package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.moat.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: {@code java -jar moat-node.jar} with no
 * arguments in an empty folder, then {@code swaks} and Python's {@code smtplib} send to
 * {@code user@localhost} and the message lands in {@code ./data/spool}. Needs the default ports
 * (2525, 8080, 5701) free, and swaks and python3 installed ({@code .ci/run} installs them).
 */
class PackagedNodeIT {
    @TempDir
    Path work;
    private Process node;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        for (int port : new int[] {2525, 8080, 5701}) {
            assumeTrue(free(port), "port " + port + " is taken: the embedded defaults cannot be tried here");
        }
        log = work.resolve("node.log");
        node = new ProcessBuilder("java", "-Xmx512m", "-jar", System.getProperty("moat.jar"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var http = HttpClient.newHttpClient();
        Eventually.within(Duration.ofSeconds(60), () -> {
            assertTrue(node.isAlive(), () -> "the node died: " + read(log));
            try {
                var ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode());
            } catch (IOException e) {
                throw new AssertionError("not listening yet", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.destroy(); // SIGTERM: the node shuts down in order
            assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the node stops on SIGTERM");
        }
    }

    @Test
    void swaksAndSmtplibDeliverToTheSpoolOfANodeOnItsEmbeddedDefaults() throws Exception {
        assumeTrue(onPath("swaks"), "swaks is not installed (apt-get install swaks)");
        assumeTrue(onPath("python3"), "python3 is not installed");
        var swaks = new ProcessBuilder("swaks", "--server", "127.0.0.1:2525", "--to", "user@localhost",
                "--from", "newcomer@example.org", "--header", "Subject: hello from swaks", "--body", "first message")
                .redirectErrorStream(true).start();
        var swaksOut = new String(swaks.getInputStream().readAllBytes());
        assertEquals(0, swaks.waitFor(), swaksOut);

        var python = new ProcessBuilder("python3", "-c", String.join("\n",
                "import smtplib",
                "s = smtplib.SMTP('127.0.0.1', 2525)",
                "s.ehlo('python.example')",
                "s.starttls()",
                "s.ehlo('python.example')",
                "s.sendmail('py@example.org', ['user@localhost'], 'Subject: hello from smtplib\\r\\n\\r\\nsecond message\\r\\n')",
                "s.quit()"))
                .redirectErrorStream(true).start();
        var pythonOut = new String(python.getInputStream().readAllBytes());
        assertEquals(0, python.waitFor(), pythonOut);

        List<Path> spooled;
        try (Stream<Path> files = Files.list(work.resolve("data/spool"))) {
            spooled = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertEquals(2, spooled.size(), "two messages spooled: " + spooled + "\n" + read(log));
        var all = read(spooled.get(0)) + read(spooled.get(1));
        assertTrue(all.contains("Subject: hello from swaks") && all.contains("first message"), all);
        assertTrue(all.contains("Subject: hello from smtplib") && all.contains("with ESMTPS id"), all);
        assertTrue(all.contains("Received: from "), all);
        assertFalse(read(log).contains("WARNING: Hazelcast is starting in a Java modular environment"),
                "the jar manifest opens what Hazelcast needs");
    }

    private static boolean free(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        for (var dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
