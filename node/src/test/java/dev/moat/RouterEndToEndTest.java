package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Router in a real node: the server-wide table from the settings file, the cluster-wide
 * table as the document {@code router} changed through the admin API, the route endpoint,
 * relaying by the marker and spam traps, all over real sockets from a Stranger (127.0.0.5).
 */
class RouterEndToEndTest {
    private static final String STRANGER = "127.0.0.5";

    @TempDir
    Path dir;
    private SmtpSink sink;
    private final List<Node> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, """
                local-domains: [mydomain.example]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%1$d"
                  command-timeout: 5s
                  next-hops:
                    otherdomain.example: "127.0.0.1:%1$d"
                router: |
                  Relay:<joe> = joe@otherdomain.example
                  <misterX> = spamtrap
                """.formatted(sink.port()));
        running.add(nodes.start(1));
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private Node node() {
        return running.get(0);
    }

    private HttpResponse<String> call(HttpRequest.Builder request) throws Exception {
        return http.send(request.setHeader("Authorization", "Bearer " + TestNode.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String admin(String path) {
        return "http://127.0.0.1:" + node().adminPort() + path;
    }

    @Test
    void aClusterRouterDocumentExtendsTheServerTableAndTheRouteEndpointShowsTheSteps() throws Exception {
        var put = call(HttpRequest.newBuilder(URI.create(admin("/api/v1/cluster/documents/router")))
                .header("Authorization", "Bearer " + TestNode.TOKEN).header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "; relay host for otherdomain\notherdomain.example = otherdomain.example@relay.example\n")));
        assertEquals(200, put.statusCode(), put.body());
        Eventually.until("the router document is applied", () -> node().settings().router().table().size() == 3);

        var route = call(HttpRequest.newBuilder(URI.create(admin("/api/v1/route?address=joe%40mydomain.example"))));

        assertEquals(200, route.statusCode(), route.body());
        var body = new ObjectMapper().readTree(route.body());
        assertEquals("relay.example", body.get("host").asText());
        assertEquals("otherdomain.example = otherdomain.example@relay.example (cluster line 2)",
                body.get("steps").get(3).get("record").asText());
        assertTrue(NodeEndToEndTest.scrape(node()).contains(
                "moat_settings_version{document=\"router\",layer=\"cluster\"} 1.0"));
    }

    @Test
    void aBadRouterDocumentIsRefusedWithItsLine() throws Exception {
        var put = call(HttpRequest.newBuilder(URI.create(admin("/api/v1/cluster/documents/router")))
                .header("Authorization", "Bearer " + TestNode.TOKEN).header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString("<ok> = fine\n<bad joe@x.example\n")));

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("\"line\":2"), put.body());
    }

    @Test
    void anAccountOfTheDirectoryLogsInAndItsAddressBecomesATemporaryClient() throws Exception {
        var directory = """
                domains:
                  - name: mydomain.example
                accounts:
                  - name: bob@mydomain.example
                    password: "%s"
                """.formatted(dev.moat.settings.PasswordHash.create("correct horse".toCharArray()));
        var put = call(HttpRequest.newBuilder(URI.create(admin("/api/v1/cluster/documents/directory")))
                .header("Authorization", "Bearer " + TestNode.TOKEN).header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString(directory)));
        assertEquals(200, put.statusCode(), put.body());
        Eventually.until("the directory is applied", () -> node().settings().directory().accounts().size() == 1);
        var anonymous = new Mail(TestNode.smtpPort(node()), STRANGER);
        assertThrows(SendFailedException.class,
                () -> anonymous.send(anonymous.message("bob@mydomain.example", "friend@elsewhere.example", "x", "x")));

        var bob = new Mail(TestNode.smtpPort(node()), STRANGER).startTls().login("bob", "correct horse");
        bob.send(bob.message("bob@mydomain.example", "friend@elsewhere.example", "x", "logged in"));
        anonymous.send(anonymous.message("bob@mydomain.example", "friend@elsewhere.example", "x", "temporary client"));

        assertEquals(2, sink.messages().size());
    }

    @Test
    void accountsMadeOneByOneThroughTheApiLogInAndDeletedOnesDoNot() throws Exception {
        for (var change : List.of(
                new String[] {"/api/v1/directory/domains/mydomain.example", "{}"},
                new String[] {"/api/v1/directory/accounts/ann@mydomain.example", "{\"password\": \"pass word\"}"})) {
            var put = call(HttpRequest.newBuilder(URI.create(admin(change[0])))
                    .header("Authorization", "Bearer " + TestNode.TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString(change[1])));
            assertEquals(200, put.statusCode(), put.body());
        }
        Eventually.until("the account is applied", () -> node().settings().directory().account("ann").isPresent());
        var ann = new Mail(TestNode.smtpPort(node()), STRANGER).startTls().login("ann@mydomain.example", "pass word");
        ann.send(ann.message("ann@mydomain.example", "friend@elsewhere.example", "x", "relayed"));
        assertEquals(1, sink.messages().size());

        var delete = call(HttpRequest.newBuilder(URI.create(admin("/api/v1/directory/accounts/ann@mydomain.example")))
                .header("Authorization", "Bearer " + TestNode.TOKEN).DELETE());
        assertEquals(200, delete.statusCode(), delete.body());
        Eventually.until("the deletion is applied", () -> node().settings().directory().account("ann").isEmpty());
        assertThrows(jakarta.mail.AuthenticationFailedException.class,
                () -> ann.send(ann.message("ann@mydomain.example", "friend@elsewhere.example", "x", "x")));
    }

    @Test
    void aStrangerRelaysToAnAddressWithTheMarkerAndTheNextHopGetsTheRoutedAddress() throws Exception {
        var mail = new Mail(TestNode.smtpPort(node()), STRANGER);

        mail.send(mail.message("someone@remote.example", "joe@mydomain.example", "hi", "hello"));

        assertEquals(1, sink.messages().size());
        assertEquals(List.of("joe@otherdomain.example"), sink.messages().get(0).recipients());
    }

    @Test
    void aSpamTrapRefusesTheWholeMessageAtData() throws Exception {
        var mail = new Mail(TestNode.smtpPort(node()), STRANGER);
        var message = mail.message("spam@remote.example", "user@mydomain.example", "buy", "now");
        message.addRecipients(jakarta.mail.Message.RecipientType.CC, "misterx@mydomain.example");

        var refused = assertThrows(SendFailedException.class, () -> mail.send(message));

        var cause = refused instanceof SMTPSendFailedException s ? s : (SMTPSendFailedException) refused.getNextException();
        assertEquals(554, cause.getReturnCode());
        assertTrue(sink.messages().isEmpty());
    }
}
