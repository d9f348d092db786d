package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.settings.PasswordHash;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of wrong passwords from many connections and addresses against a real node, over
 * real sockets: the verifications pending never exceed {@code verification-threads +
 * verification-queue} (so memory cannot grow with the flood), the rest get 454 at once, each
 * session ends with 421 after {@code max-failures}, and meanwhile a clean session's
 * EHLO/MAIL/RCPT/DATA round trip and the admin API's {@code /health/ready} answer about as fast
 * as they do without the flood.
 */
class LoginFloodEndToEndTest {
    private static final int THREADS = 2;
    private static final int QUEUE = 4;
    private static final int FLOODERS = 32;
    private static final int ROUNDS = 7;
    /** High, so that the flood makes thousands of sessions, not tens of thousands, and leaves the machine's ports be. */
    private static final int MAX_FAILURES = 20;

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private final AtomicBoolean flooding = new AtomicBoolean(true);
    private final List<Thread> flood = new ArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private SmtpSink sink;

    @AfterEach
    void stop() throws Exception {
        flooding.set(false);
        for (var t : flood) {
            t.join(30_000);
        }
        TestNode.closeAll(running);
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void aFloodOfWrongPasswordsStaysBoundedAndDelaysNeitherSmtpNorTheAdminApi() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, """
                  auth:
                    allow-plaintext: true
                    max-failures: %d
                    verification-threads: %d
                    verification-queue: %d
                    users:
                      - name: alice
                        password: "%s"
                """.formatted(MAX_FAILURES, THREADS, QUEUE, PasswordHash.create("correct horse".toCharArray())), TestNode.relayTo(sink.port()));
        var node = nodes.start(1);
        running.add(node);
        int port = TestNode.smtpPort(node);

        cleanRoundTrip(port);
        cleanRoundTrip(port); // warm: connections to the next hop, JIT
        long smtpAlone = median(() -> cleanRoundTrip(port));
        long healthAlone = median(() -> ready(node));

        for (int i = 0; i < FLOODERS; i++) {
            String address = "127.0.1." + (1 + i / 2); // two connections from each address
            var t = new Thread(() -> guess(port, address), "flood-" + i);
            t.setDaemon(true);
            t.start();
            flood.add(t);
        }
        var pool = node.verificationPool();
        Eventually.within(Duration.ofSeconds(30), () -> assertTrue(count("454") > 20,
                "the flood fills the verification queue: " + answers));
        long smtpFlooded = median(() -> cleanRoundTrip(port));
        long healthFlooded = median(() -> ready(node));
        Eventually.within(Duration.ofSeconds(30), () -> assertTrue(count("closed") > 5, "sessions are closed: " + answers));
        flooding.set(false);
        for (var t : flood) {
            t.join(30_000);
        }

        String report = "SMTP round trip alone " + smtpAlone / 1_000_000 + " ms, flooded " + smtpFlooded / 1_000_000
                + " ms; /health/ready alone " + healthAlone / 1_000_000 + " ms, flooded " + healthFlooded / 1_000_000
                + " ms; answers " + answers + "; peak pending " + pool.peak();
        assertEquals(count("421"), count("closed"), "every session ended with 421 and was closed: " + report);
        assertEquals(0, count("still open") + count("io-error") + count("no reply"), report);
        assertTrue(pool.peak() <= THREADS + QUEUE, "never more verifications pending than the bound: " + report);
        assertEquals(THREADS + QUEUE, pool.peak(), "the flood did reach the bound: " + report);
        assertTrue(smtpFlooded < 5 * smtpAlone + 500_000_000L, report);
        assertTrue(healthFlooded < 5 * healthAlone + 500_000_000L, report);
        var metrics = NodeEndToEndTest.scrape(node);
        assertTrue(metrics.contains("moat_smtp_logins_busy_total{reason=\"queue-full\"}"), metrics);
        assertTrue(metrics.contains("moat_smtp_sessions_total{outcome=\"too-many-login-failures\"}"), metrics);
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(0, pool.pending()));
        assertEquals(2 * ROUNDS + 2, sink.messages().size(), "every clean message went through: " + report);
    }

    private int count(String code) {
        var n = answers.get(code);
        return n == null ? 0 : n.get();
    }

    /** One connection after another from {@code address}, each guessing until Moat closes it. */
    private void guess(int port, String address) {
        int attempt = 0;
        while (flooding.get()) {
            try (var smtp = new RawSmtp(port, address)) {
                smtp.expect("220 ");
                smtp.send("EHLO flood.example").expect("250");
                for (int i = 0; i < MAX_FAILURES; i++) {
                    String credentials = "\0alice\0guess" + attempt++;
                    smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
                    tally(smtp.reply());
                }
                tally(smtp.reply()); // after the last one Moat says 421 and closes
                tally(smtp.reply() == null ? "closed" : "still open");
            } catch (IOException e) {
                tally("io-error");
            }
        }
    }

    private void tally(String reply) {
        String key = reply == null ? "no reply" : Character.isDigit(reply.charAt(0)) ? reply.substring(0, 3) : reply;
        answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A whole clean session from a Client: greeting to 221, one message handed on; its duration. */
    private static long cleanRoundTrip(int port) {
        long start = System.nanoTime();
        try {
            RawSmtp.oneMessage(port, "me@moat.test", "friend@elsewhere.example");
        } catch (IOException e) {
            throw new AssertionError("the clean session failed", e);
        }
        return System.nanoTime() - start;
    }

    private static long ready(Node node) {
        long start = System.nanoTime();
        try {
            var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.adminPort() + "/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("/health/ready did not answer", e);
        }
        return System.nanoTime() - start;
    }

    private static long median(java.util.function.LongSupplier measure) {
        long[] took = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            took[i] = measure.getAsLong();
        }
        Arrays.sort(took);
        return took[ROUNDS / 2];
    }
}
