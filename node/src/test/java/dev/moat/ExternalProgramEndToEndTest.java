package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.SmtpConversation;
import dev.moat.testing.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules' {@code execute} action on a real node in relay mode, with a recording next hop,
 * and small shell scripts written for each case: the message reaches the program's standard
 * input dot-unstuffed, the envelope its environment and nothing of Moat's secrets; its exit
 * status accepts, rejects or discards; a header it prints is added; a program that hangs is
 * killed at its timeout and one that crashes is a failure, both answered {@code 451 4.3.0} with
 * nothing handed on; a program that does not exist at all is a failure too.
 */
class ExternalProgramEndToEndTest {
    private static final String STRANGER = "127.0.0.5";

    @TempDir
    Path dir;
    private SmtpSink sink;
    private final List<Node> running = new ArrayList<>();

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** A rule named {@code test} that runs for messages whose X-Test field is {@code test}. */
    private static String rule(String test, String execute) {
        return """
                  - name: %s
                    when:
                      - header: {name: X-Test, is: %s}
                    then:
                      - execute: %s
                """.formatted(test, test, execute);
    }

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        var accept = script("accept.sh", "cat > " + dir.resolve("stdin.txt") + "\nenv > " + dir.resolve("env.txt")
                + "\nexit 0");
        var reject = script("reject.sh", "cat > /dev/null\nexit 1");
        var discard = script("discard.sh", "cat > /dev/null\nexit 2");
        var header = script("header.sh", "cat > /dev/null\nprintf 'X-Scanned: clean,\\n\\tby a script\\nX-Other: no\\n"
                + "\\nbody\\n'\nexit 0");
        var hang = script("hang.sh", "sleep 30\nexit 0");
        var crash = script("crash.sh", "cat > /dev/null\nkill -SEGV $$");
        var nodes = new TestNode(Files.createDirectories(dir.resolve("node")), 1);
        nodes.writeSettings(1, TestNode.relayTo(sink.port()) + "rules:\n"
                + rule("accept", "{command: [" + accept + "]}")
                + rule("reject", "{command: [" + reject + "], reject-text: \"Refused by the filter\"}")
                + rule("discard", "{command: [" + discard + "]}")
                + rule("header", "{command: [" + header + "], output-headers: [X-Scanned]}")
                + rule("hang", "{command: [" + hang + "], timeout: 1s}")
                + rule("crash", "{command: [" + crash + "]}")
                + rule("missing", "{command: [" + dir.resolve("no-such-program") + "]}")
                + rule("shell", "{shell: \"test \\\"$MOAT_RULE\\\" = shell && cat > /dev/null && exit 1\"}"));
        running.add(nodes.start(1));
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    /** The reply to the end of DATA of one message whose X-Test field is {@code test}. */
    private String send(String test, String... body) throws IOException {
        return sendWithFields(test, "", body);
    }

    /** As above, with {@code fields} (whole lines with their CRLF) after the X-Test field. */
    private String sendWithFields(String test, String fields, String... body) throws IOException {
        try (var smtp = SmtpConversation.open(TestNode.smtpPort(running.get(0)), STRANGER)) {
            smtp.send("EHLO client.example");
            assertTrue(smtp.send("MAIL FROM:<sender@remote.example>").startsWith("250"));
            assertTrue(smtp.send("RCPT TO:<alice@moat.test>").startsWith("250"));
            assertTrue(smtp.send("RCPT TO:<bob@moat.test>").startsWith("250"));
            assertTrue(smtp.send("DATA").startsWith("354"));
            return smtp.send(String.join("\r\n", "X-Test: " + test + "\r\n" + fields + "Subject: program", "",
                    String.join("\r\n", body), "."));
        }
    }

    private double runs(String outcome) {
        var counter = running.get(0).registry().find(MoatMetrics.RULES_PROGRAM_RUNS).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptedTheProgramReadsTheMessageDotUnstuffedAndTheEnvelopeButNoSecret() throws Exception {
        assertTrue(send("accept", "line one", "..starts with a dot", "last").startsWith("250"));

        assertEquals(1, sink.messages().size());
        String stdin = Files.readString(dir.resolve("stdin.txt"), StandardCharsets.ISO_8859_1);
        assertEquals("X-Test: accept\r\nSubject: program\r\n\r\nline one\r\n.starts with a dot\r\nlast\r\n", stdin);
        var env = Files.readAllLines(dir.resolve("env.txt"));
        assertTrue(env.contains("MOAT_SENDER=sender@remote.example"), env.toString());
        assertTrue(env.contains("MOAT_RECIPIENTS=alice@moat.test bob@moat.test"), env.toString());
        assertTrue(env.contains("MOAT_CLIENT_ADDRESS=" + STRANGER), env.toString());
        assertTrue(env.contains("MOAT_CLIENT_STATUS=stranger"), env.toString());
        assertTrue(env.contains("MOAT_RULE=accept"), env.toString());
        String all = String.join("\n", env);
        assertFalse(all.contains(TestNode.TOKEN) || all.contains("MOAT_ADMIN_TOKEN") || all.contains("CLUSTER_SECRET"),
                all);
        assertTrue(env.stream().allMatch(line -> line.startsWith("MOAT_") || line.startsWith("PATH=")
                || line.startsWith("PWD=") || line.startsWith("OLDPWD=") || line.startsWith("SHLVL=")
                || line.startsWith("_=")), all);
        assertEquals(1, runs("add-header"));
    }

    @Test
    void theProgramDoesNotSeeAStrangersAuthenticationResultsInThisNodesNameButSeesAnotherHosts() throws Exception {
        assertTrue(sendWithFields("accept", "Authentication-Results: " + TestNode.HOST + "; spf=pass\r\n"
                + "Authentication-Results: other.example; dkim=pass\r\n", "body").startsWith("250"));

        String stdin = Files.readString(dir.resolve("stdin.txt"), StandardCharsets.ISO_8859_1);
        assertEquals("X-Test: accept\r\nAuthentication-Results: other.example; dkim=pass\r\nSubject: program\r\n\r\n"
                + "body\r\n", stdin);
        String handedOn = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertFalse(handedOn.contains("Authentication-Results: " + TestNode.HOST), handedOn);
        assertTrue(handedOn.contains("Authentication-Results: other.example; dkim=pass\r\n"), handedOn);
    }

    @Test
    void exitStatusOneRejectsWithTheRulesText() throws Exception {
        assertTrue(send("reject", "spam").startsWith("554 5.7.1 Refused by the filter (ref "));
        assertEquals(List.of(), sink.messages());
        assertEquals(1, runs("reject"));
    }

    @Test
    void exitStatusTwoDiscardsWith250() throws Exception {
        assertTrue(send("discard", "unwanted").startsWith("250"));
        assertEquals(List.of(), sink.messages());
    }

    @Test
    void aHeaderTheProgramPrintsIsAddedWhenNamedInOutputHeadersAndTheOthersAreNot() throws Exception {
        assertTrue(send("header", "hello").startsWith("250"));

        String data = new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1);
        assertTrue(data.contains("\r\nX-Scanned: clean,\r\n\tby a script\r\nX-Test: header\r\n"), data);
        assertFalse(data.contains("X-Other"), data);
    }

    @Test
    void aProgramThatHangsIsKilledAtItsTimeoutAndTheMessageGets451() throws Exception {
        long started = System.nanoTime();
        assertTrue(send("hang", "slow").startsWith("451 4.3.0 "));
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "the timeout of 1s held");
        assertEquals(List.of(), sink.messages());
        assertEquals(1, runs("timed-out"));
    }

    @Test
    void aProgramThatCrashesIsAFailureAndTheMessageGets451() throws Exception {
        assertTrue(send("crash", "boom").startsWith("451 4.3.0 "));
        assertEquals(List.of(), sink.messages());
        assertEquals(1, runs("failed"));
    }

    @Test
    void aProgramThatCannotStartIsAFailureToo() throws Exception {
        assertTrue(send("missing", "nobody home").startsWith("451 4.3.0 "));
        assertEquals(List.of(), sink.messages());
    }

    @Test
    void aShellCommandRunsThroughBinShWhenTheRuleAsksForOne() throws Exception {
        assertTrue(send("shell", "text").startsWith("554 5.7.1 Message refused by a content filter"));
    }

    @Test
    void theSessionGoesOnAfterAFailedProgram() throws Exception {
        try (var smtp = SmtpConversation.open(TestNode.smtpPort(running.get(0)), STRANGER)) {
            smtp.send("EHLO client.example");
            for (String test : List.of("crash", "accept")) {
                assertTrue(smtp.send("MAIL FROM:<sender@remote.example>").startsWith("250"));
                assertTrue(smtp.send("RCPT TO:<alice@moat.test>").startsWith("250"));
                assertTrue(smtp.send("DATA").startsWith("354"));
                String reply = smtp.send("X-Test: " + test + "\r\n\r\nbody\r\n.");
                assertTrue(reply.startsWith(test.equals("crash") ? "451" : "250"), reply);
            }
        }
        assertEquals(1, sink.messages().size());
    }
}
