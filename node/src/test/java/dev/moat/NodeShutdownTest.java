package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node told to stop, as on SIGTERM in a rolling update: readiness turns 503 first, new
 * connections are refused, a transaction under way finishes and its message reaches the next
 * hop, and the member leaves the cluster last; an idle session gets {@code 421 4.3.2} at once,
 * and one whose transaction outlasts {@code smtp.timeouts.drain} is closed when the drain ends.
 */
class NodeShutdownTest {
    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private SmtpSink sink;

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    @Test
    void readinessTurnsFalseFirstThenATransactionUnderWayFinishesBeforeTheNodeStops() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.startRelayCluster(sink.port(), running);
        var node = running.get(0);
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(200, ready(node).statusCode()));
        assertTrue(ready(node).body().contains("\"node\":\"safe once since start\""), ready(node).body());

        int port = TestNode.smtpPort(node);
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            say(out, "HELO client.example");
            assertTrue(in.readLine().startsWith("250"));
            say(out, "MAIL FROM:<me@moat.test>");
            assertTrue(in.readLine().startsWith("250"));
            say(out, "RCPT TO:<friend@elsewhere.example>");
            assertTrue(in.readLine().startsWith("250"));

            var closing = CompletableFuture.runAsync(node::close);
            Eventually.within(Duration.ofSeconds(10), () -> assertEquals(503, ready(node).statusCode()));
            assertTrue(ready(node).body().contains("\"node\":\"stopping\""));
            Eventually.within(Duration.ofSeconds(10), () -> assertThrows(ConnectException.class,
                    () -> new Socket("127.0.0.1", port).close(), "new connections are refused"));

            say(out, "DATA");
            assertTrue(in.readLine().startsWith("354"));
            say(out, "Subject: sent while stopping\r\n\r\nstill delivered\r\n.");
            var answer = in.readLine();
            assertTrue(answer.startsWith("250"), answer);
            say(out, "QUIT");
            closing.get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, sink.messages().size());
        assertFalse(node.member().isJoined(), "the member has left");
    }

    @Test
    void anIdleSessionGets421AtOnceAndATransactionThatOutlastsTheDrainIsClosedWhenItEnds() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, "  timeouts:\n    drain: 2s\n", TestNode.relayTo(sink.port()));
        var node = nodes.start(1);
        running.add(node);
        int port = TestNode.smtpPort(node);
        try (var idle = new RawSmtp(port, "127.0.0.1"); var busy = new RawSmtp(port, "127.0.0.1")) {
            idle.expect("220 ");
            idle.send("EHLO idle.example").expect("250");
            busy.expect("220 ");
            busy.send("EHLO busy.example").expect("250");
            busy.send("MAIL FROM:<me@moat.test>").expect("250 ");
            busy.send("RCPT TO:<friend@elsewhere.example>").expect("250 ");
            busy.send("DATA").expect("354 ");
            busy.raw("Subject: never finished\r\n\r\nthe sender goes quiet here\r\n");

            long started = System.nanoTime();
            var closing = CompletableFuture.runAsync(node::close);
            assertTrue(idle.expect("421 4.3.2 ").contains("shutting down"), "an idle session is told at once");
            assertEquals(null, idle.reply(), "and closed");
            assertEquals(null, busy.reply(), "the unfinished transaction is closed at the drain's end, with no 250");
            long drained = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(drained >= 1_800 && drained < 10_000, "closed after " + drained + " ms, the drain being 2 s");
            closing.get(30, TimeUnit.SECONDS);
        }
        assertEquals(0, sink.messages().size(), "nothing was handed on for the unfinished message");
    }

    private static void say(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static HttpResponse<String> ready(Node node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.adminPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
