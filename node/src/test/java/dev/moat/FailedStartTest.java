package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose start fails half-way closes what it had opened: one that joined the cluster and
 * then found its SMTP port taken leaves the cluster again (the other member counts one member,
 * not two, and keeps serving), and the error names the listener that could not bind.
 */
class FailedStartTest {
    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();

    @AfterEach
    void stop() {
        TestNode.closeAll(running);
    }

    @Test
    void aNodeWhoseSmtpPortIsTakenLeavesTheClusterItHadJoined() throws Exception {
        var nodes = new TestNode(dir, 2);
        nodes.writeSettings(1, "local-domains: [moat.test]\n");
        var first = nodes.start(1);
        running.add(first);
        int taken = TestNode.smtpPort(first);
        nodes.writeSettings(2, """
                    - name: smtp
                      address: 127.0.0.1
                      port: %d
                """.formatted(taken), "", "local-domains: [moat.test]\n");

        var failed = assertThrows(Node.StartupException.class, () -> running.add(nodes.start(2)));

        assertEquals("cannot start the node: SMTP listener smtp cannot listen on 127.0.0.1 port " + taken
                + ": Address already in use", failed.getMessage());
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(1, first.member().memberCount(),
                "the member of the node that failed to start has left"));
        try (var smtp = new RawSmtp(taken, "127.0.0.1")) {
            smtp.expect("220 ");
        }
    }
}
