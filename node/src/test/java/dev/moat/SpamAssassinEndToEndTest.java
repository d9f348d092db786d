package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.ProgramPorts;
import dev.moat.testing.SmtpConversation;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real filter from Debian behind the rules' {@code execute}: SpamAssassin's {@code spamd},
 * started here on a loopback port with its own configuration and home folders and no network
 * tests ({@code -L}), and a rule running {@code spamc -x -E} (exit 1 for spam, a failure when
 * spamd cannot answer) that keeps the {@code X-Spam-Status} and {@code X-Spam-Flag} fields it
 * prints. GTUBE is refused; a plain note is handed on with its {@code X-Spam-Status: No}.
 * Skipped, saying so, where spamassassin or spamc is not installed ({@code .ci/run} installs both).
 */
class SpamAssassinEndToEndTest {
    private static final Path SPAMD = Path.of("/usr/sbin/spamd");
    private static final Path SPAMC = Path.of("/usr/bin/spamc");
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private static Process spamd;
    private static Path spamdDir;
    private static int spamdPort;

    @TempDir
    Path dir;
    private SmtpSink sink;
    private final List<Node> running = new ArrayList<>();

    @BeforeAll
    static void startSpamd() throws Exception {
        assumeTrue(Files.isExecutable(SPAMD) && Files.isExecutable(SPAMC),
                "SpamAssassin is not installed (apt-get install spamassassin spamc): the spamd test is skipped");
        // spamd drops root for nobody, who must read these folders: not a 0700 JUnit folder.
        spamdDir = Files.createTempDirectory("moat-spamd");
        Path site = Files.createDirectories(spamdDir.resolve("site"));
        Path home = Files.createDirectories(spamdDir.resolve("home"));
        try (var pre = Files.newDirectoryStream(Path.of("/etc/spamassassin"), "*.pre")) {
            for (Path file : pre) {
                Files.copy(file, site.resolve(file.getFileName())); // the plugin loaders; no local.cf of this machine
            }
        }
        for (Path p : List.of(spamdDir, site, home)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        spamdPort = ProgramPorts.free(1)[0];
        var command = new ArrayList<>(List.of(SPAMD.toString(), "--listen", "127.0.0.1:" + spamdPort, "-L", "-x",
                "--siteconfigpath", site.toString(), "--helper-home-dir", home.toString(), "--pidfile",
                spamdDir.resolve("spamd.pid").toString(), "--syslog=stderr", "-m", "2"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        spamd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(spamdDir.resolve("spamd.log").toFile()).start();
        Eventually.within(Duration.ofSeconds(90), () -> assertEquals(0, ping(), "spamd answers a ping"));
    }

    /** {@code spamc -K}: 0 once spamd answers. */
    private static int ping() {
        try {
            return new ProcessBuilder(SPAMC.toString(), "-d", "127.0.0.1", "-p", Integer.toString(spamdPort), "-K")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @AfterAll
    static void stopSpamd() {
        if (spamd != null) {
            spamd.descendants().forEach(ProcessHandle::destroy);
            spamd.destroy();
        }
    }

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(Files.createDirectories(dir.resolve("node")), 1);
        nodes.writeSettings(1, TestNode.relayTo(sink.port()) + """
                rules:
                  - name: spamassassin
                    when:
                      - address-status: {is-not: client}
                    then:
                      - execute:
                          command: [%s, -d, 127.0.0.1, -p, "%d", -x, -E]
                          timeout: 60s
                          exit-codes: {0: add-header, 1: reject}
                          output-headers: [X-Spam-Status, X-Spam-Flag]
                          reject-text: "Spam refused"
                """.formatted(SPAMC, spamdPort));
        running.add(nodes.start(1));
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private String send(String... lines) throws IOException {
        try (var smtp = SmtpConversation.open(TestNode.smtpPort(running.get(0)), "127.0.0.5")) {
            smtp.send("EHLO client.example");
            assertTrue(smtp.send("MAIL FROM:<sender@remote.example>").startsWith("250"));
            assertTrue(smtp.send("RCPT TO:<alice@moat.test>").startsWith("250"));
            assertTrue(smtp.send("DATA").startsWith("354"));
            return smtp.send(String.join("\r\n", lines) + "\r\n.");
        }
    }

    @Test
    void gtubeIsRefused() throws Exception {
        String reply = send("Subject: test", "From: <sender@remote.example>", "To: <alice@moat.test>", "", GTUBE);

        assertTrue(reply.startsWith("554 5.7.1 Spam refused (ref "), reply);
        assertEquals(List.of(), sink.messages());
    }

    @Test
    void aCleanMessageIsHandedOnWithItsSpamStatus() throws Exception {
        String reply = send("Subject: lunch", "From: Sender <sender@remote.example>", "To: <alice@moat.test>",
                "Date: Tue, 01 Dec 2026 10:00:00 +0000", "Message-ID: <lunch-1@remote.example>", "",
                "Shall we meet for lunch at noon on Friday?");

        assertTrue(reply.startsWith("250"), reply);
        String data = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertTrue(data.contains("\r\nX-Spam-Status: No, score="), data);
        assertTrue(data.contains("\r\nSubject: lunch\r\n"), data);
    }
}
