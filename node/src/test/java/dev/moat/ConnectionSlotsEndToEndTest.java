package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix's {@code smtp-source} keeps 20 sessions open from one address and opens the next
 * the moment one ends, as Postfix's own output concurrency toward one destination does: with
 * a per-address limit of exactly 20 on a real node, no session is refused, because a session
 * frees its slot as its 221 goes out, not when the close event comes later.
 */
class ConnectionSlotsEndToEndTest {
    private static final Path SMTP_SOURCE = Path.of("/usr/sbin/smtp-source");
    private static final int MESSAGES = 400;

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private SmtpSink sink;

    @AfterEach
    void stop() throws IOException {
        TestNode.closeAll(running);
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void twentyParallelSessionsFromOneAddressAgainstALimitOfTwentyAreNeverRefused() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SMTP_SOURCE), "Postfix's smtp-source is not installed");
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, "  max-connections-per-address: 20\n", TestNode.relayTo(sink.port()));
        var node = nodes.start(1);
        running.add(node);

        var process = new ProcessBuilder(SMTP_SOURCE.toString(), "-s", "20", "-m", String.valueOf(MESSAGES),
                "-l", "300", "-f", "sender@remote.example", "-t", "rcpt@moat.test", "-M", "client.example",
                "127.0.0.1:" + TestNode.smtpPort(node)).redirectErrorStream(true).start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "smtp-source did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip(), "smtp-source aborts on any reply it did not expect, a 421 among them");
        assertEquals(MESSAGES, sink.messages().size(), "every message was accepted and handed on");
        var metrics = NodeEndToEndTest.scrape(node);
        assertTrue(metrics.contains("moat_smtp_connections_total{outcome=\"too-many-from-address\"} 0.0"), metrics);
        Eventually.within(Duration.ofSeconds(10), () -> assertTrue(
                NodeEndToEndTest.scrape(node).contains("moat_smtp_sessions_active 0.0"),
                "every slot was freed, and only once (the count never goes below zero)"));
    }
}
