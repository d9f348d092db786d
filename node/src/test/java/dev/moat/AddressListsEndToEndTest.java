package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.SmtpSink;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes and the address lists, over real sockets: Jakarta Mail connects from a different
 * loopback address for each status, and the next hop is the test's SmtpSink. Two nodes serve
 * every test (starting one takes seconds): one rejects blacklisted mail, one marks it; each
 * test mails its own recipient and reads only its messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressListsEndToEndTest {
    private static final String CLIENT = "127.0.0.1";
    private static final String STRANGER = "127.0.0.5";
    private static final String BLACKLISTED = "127.0.0.20";
    private static final String WHITE_HOLE = "127.0.0.30";
    private static final String DENIED = "127.0.0.66";
    private static final String LISTS = """
            local-domains: [moat.test]
            client-addresses: "127.0.0.1"
            lan-addresses: "127.0.0.0/26"
            denied-addresses: "127.0.0.66"
            blacklisted-addresses: |
              ; 127.0.0.16 to 127.0.0.31
              127.0.0.16/28
            white-hole-addresses: "127.0.0.30"
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SmtpSink sink;
    private final List<Node> running = new ArrayList<>();
    private Node rejecting;
    private Node marking;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sink = new SmtpSink();
        rejecting = node(dir.resolve("rejecting"), "");
        marking = node(dir.resolve("marking"), """
                blacklisted-action: add-header
                blacklisted-header: "X-Moat-Blacklisted: rbl=[^0] client=^1"
                """);
    }

    @AfterAll
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private Node node(Path root, String extra) throws Exception {
        var nodes = new TestNode(java.nio.file.Files.createDirectories(root), 1);
        nodes.writeSettings(1, LISTS + """
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                  command-timeout: 5s
                """.formatted(sink.port()) + extra);
        var node = nodes.start(1);
        running.add(node);
        return node;
    }

    private static void send(Node node, String from, String to) throws MessagingException {
        var mail = new Mail(TestNode.smtpPort(node), from);
        mail.send(mail.message("sender@remote.example", to, "from " + from, "hello"));
    }

    /** The messages that reached the next hop for {@code recipient}, as text. */
    private List<String> arrived(String recipient) {
        return sink.messages().stream().filter(m -> m.recipients().contains(recipient))
                .map(m -> new String(m.data(), StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void aDeniedAddressGets554InsteadOfAGreetingAndTheConnectionCloses() throws Exception {
        var node = rejecting;
        int connections = sink.connections();
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), TestNode.smtpPort(node),
                InetAddress.getByName(DENIED), 0)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var line = in.readLine();
            assertTrue(line.matches("554 5\\.7\\.1 " + TestNode.HOST.replace(".", "\\.") + " Access denied \\(ref [0-9A-Z]{10}\\)"),
                    line);
            assertEquals(null, in.readLine(), "closed right after the 554");
        }
        var refused = assertThrows(MessagingException.class, () -> send(node, DENIED, "denied@moat.test"));
        assertTrue(String.valueOf(refused.getMessage()).contains("554"), refused::toString);
        assertEquals(List.of(), arrived("denied@moat.test"));
        assertEquals(connections, sink.connections(), "nothing reached the next hop");
    }

    @Test
    void aBlacklistedAddressIsRefusedForEveryRecipientInRejectMode() throws Exception {
        var refused = assertThrows(SendFailedException.class, () -> send(rejecting, BLACKLISTED, "rejected@moat.test"));

        var cause = (SMTPAddressFailedException) refused.getNextException();
        assertEquals(550, cause.getReturnCode());
        assertTrue(cause.getMessage().contains("5.7.1 Mail from " + BLACKLISTED + " refused: the address is blacklisted"),
                cause.getMessage());
        assertEquals(List.of(), arrived("rejected@moat.test"));
    }

    @Test
    void aBlacklistedAddressDeliversWithTheHeaderInAddHeaderMode() throws Exception {
        send(marking, BLACKLISTED, "marked@moat.test");

        assertEquals(1, arrived("marked@moat.test").size());
        var data = arrived("marked@moat.test").get(0);
        assertTrue(data.startsWith("Received: from client.example ([" + BLACKLISTED + "])"), data);
        assertEquals(1, data.split("X-Moat-Blacklisted: ", -1).length - 1, data);
        assertTrue(data.contains("\r\nX-Moat-Blacklisted: rbl=[] client=" + BLACKLISTED + "\r\n"), data);
    }

    @Test
    void aWhiteHoleInsideABlacklistedNetworkDeliversWithoutTheHeader() throws Exception {
        send(marking, WHITE_HOLE, "whitehole@moat.test");

        assertEquals(1, arrived("whitehole@moat.test").size());
        var data = arrived("whitehole@moat.test").get(0);
        assertTrue(data.startsWith("Received: from client.example ([" + WHITE_HOLE + "])"), data);
        assertFalse(data.contains("X-Moat-Blacklisted"), data);
    }

    @Test
    void aClientRelaysAndAStrangerReachesOnlyLocalRecipients() throws Exception {
        send(rejecting, CLIENT, "friend@elsewhere.example");
        send(marking, STRANGER, "stranger@moat.test");
        var refused = assertThrows(SendFailedException.class, () -> send(rejecting, STRANGER, "friend@other.example"));

        assertTrue(refused.getNextException().getMessage().contains("5.7.1 Relaying denied"), refused::toString);
        assertEquals(1, arrived("friend@elsewhere.example").size());
        assertEquals(1, arrived("stranger@moat.test").size());
        assertFalse(arrived("stranger@moat.test").get(0).contains("X-Moat-Blacklisted"));
        assertEquals(List.of(), arrived("friend@other.example"));
    }

    @Test
    void theAdminApiAnswersTestAddressFromTheSameClassifier() throws Exception {
        var node = rejecting;

        JsonNode blacklisted = status(node, BLACKLISTED);
        assertEquals("Blacklisted", blacklisted.get("status").asText());
        assertEquals("LAN [127.0.0.20] is Blacklisted", blacklisted.get("line").asText());
        assertEquals("LAN", blacklisted.get("prefix").asText());
        assertTrue(blacklisted.get("reverseName").isNull());
        assertEquals("server-wide", blacklisted.get("listing").get("layer").asText());
        assertEquals("blacklisted-addresses", blacklisted.get("listing").get("setting").asText());
        assertEquals(2, blacklisted.get("listing").get("line").asInt());
        assertEquals("127.0.0.16/28", blacklisted.get("listing").get("entry").asText());
        assertEquals("listed in Blacklisted IP Addresses (server-wide blacklisted-addresses, line 2: 127.0.0.16/28)",
                blacklisted.get("reason").asText());

        assertEquals("Local [127.0.0.1] is Client", status(node, CLIENT).get("line").asText());
        assertEquals("LAN [127.0.0.30] is White Hole", status(node, WHITE_HOLE).get("line").asText());
        assertEquals("[127.0.0.66] is Denied", status(node, DENIED).get("line").asText());
        assertEquals("[192.0.2.7] is Stranger", status(node, "192.0.2.7").get("line").asText());
        assertTrue(status(node, "192.0.2.7").get("listing").isNull());
        assertEquals(node.settings().serverVersion(), status(node, STRANGER).get("settingsVersions").get("server").asText());
    }

    static JsonNode status(Node node, String address) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.adminPort() + "/api/v1/address-status/" + address))
                        .header("Authorization", "Bearer " + TestNode.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
