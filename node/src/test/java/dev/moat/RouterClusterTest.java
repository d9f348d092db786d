package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.settings.PasswordHash;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import jakarta.mail.SendFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Router's cluster-wide parts on two real nodes: a Router record and an account saved
 * through one node work on the other, and a login on one makes its address a Temporary
 * Client on both.
 */
class RouterClusterTest {
    private static final String STRANGER = "127.0.0.6";

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        TestNode.closeAll(running);
    }

    private void put(Node node, String path, String body) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                .header("Authorization", "Bearer " + TestNode.TOKEN).header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    @Test
    void routerRecordsAccountsAndTemporaryClientsSavedOnOneNodeWorkOnTheOther() throws Exception {
        try (var sink = new SmtpSink()) {
            var nodes = new TestNode(dir, 2);
            nodes.startRelayCluster(sink.port(), """
                      next-hops:
                        partner.example: "127.0.0.1:%d"
                    """.formatted(sink.port()), running);
            var first = running.get(0);
            var second = running.get(1);

            put(first, "/api/v1/cluster/documents/router", "Relay:<partner@moat.test> = partner@partner.example\n");
            put(first, "/api/v1/cluster/documents/directory", """
                    domains:
                      - name: corp.test
                    accounts:
                      - name: eve@corp.test
                        password: "%s"
                    """.formatted(PasswordHash.create("pass word".toCharArray())));
            Eventually.until("the second node has both", () -> second.settings().router().table().size() == 1
                    && second.settings().isLocalDomain("corp.test"));

            var anonymous = new Mail(TestNode.smtpPort(second), STRANGER);
            anonymous.send(anonymous.message("a@remote.example", "partner@moat.test", "x", "by the marker"));
            assertEquals(1, sink.messages().size());
            assertEquals(List.of("partner@partner.example"), sink.messages().get(0).recipients());
            assertThrows(SendFailedException.class,
                    () -> anonymous.send(anonymous.message("a@remote.example", "x@elsewhere.example", "x", "x")));

            var eve = new Mail(TestNode.smtpPort(first), STRANGER).startTls().login("eve@corp.test", "pass word");
            eve.send(eve.message("eve@corp.test", "x@elsewhere.example", "x", "logged in on the first node"));
            Eventually.until("the second node knows the Temporary Client",
                    () -> second.member().temporaryClients().contains(IpAddress.parse(STRANGER)));
            anonymous.send(anonymous.message("eve@corp.test", "x@elsewhere.example", "x", "temporary client"));
            assertEquals(3, sink.messages().size());
        }
    }
}
