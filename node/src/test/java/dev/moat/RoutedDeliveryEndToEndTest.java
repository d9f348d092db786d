package dev.moat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.SmtpSink;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where mail goes, end to end: a real node with three recording next hops on loopback, the
 * local one ({@code delivery.next-hop}), a named host ({@code relayhost.example} of
 * {@code delivery.next-hops}) and the relay host, with aliases, a backed-up domain, a domain
 * record forwarding to the named host, a Client relaying out, a message for two next hops sent
 * by a real client that retries after the 452 (Angus Mail with {@code sendpartial}), a route to a
 * host no next hop names, mailboxes called error and null, and spool mode's routed envelope.
 */
class RoutedDeliveryEndToEndTest {
    private static final String STRANGER = "127.0.0.5";
    private static final String CLIENT = "127.0.0.1";
    private static final String ROUTER = """
            router: |
              <sales> = alice
              Relay:<*@backup.example> = *@backup.example@relayhost.example
              tenant.example = tenant.example@relayhost.example
              Relay:<lost> = lost@nowhere.example
            """;

    @TempDir
    Path dir;
    private SmtpSink local;
    private SmtpSink named;
    private SmtpSink relayHost;
    private final List<Node> running = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        local = new SmtpSink();
        named = new SmtpSink();
        relayHost = new SmtpSink();
        var nodes = new TestNode(Files.createDirectories(dir.resolve("relay")), 1);
        nodes.writeSettings(1, """
                local-domains: [mydomain.example]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                  relay-host: "127.0.0.1:%d"
                  command-timeout: 5s
                  next-hops:
                    relayhost.example: "127.0.0.1:%d"
                """.formatted(local.port(), relayHost.port(), named.port()) + ROUTER);
        running.add(nodes.start(1));
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        for (var sink : List.of(local, named, relayHost)) {
            sink.close();
        }
    }

    private Mail from(String source) {
        return new Mail(TestNode.smtpPort(running.get(0)), source);
    }

    private static List<List<String>> envelopes(SmtpSink sink) {
        return sink.messages().stream().map(SmtpSink.Message::recipients).toList();
    }

    @Test
    void anAliasReachesTheLocalNextHopAsItsAccount() throws Exception {
        var mail = from(STRANGER);

        mail.send(mail.message("someone@remote.example", "Sales@MyDomain.example", "hi", "for sales"));

        assertEquals(List.of(List.of("alice@mydomain.example")), envelopes(local));
        assertTrue(named.messages().isEmpty() && relayHost.messages().isEmpty());
    }

    @Test
    void aBackedUpDomainGoesToItsNamedHostAndADomainRecordTakesClientsThere() throws Exception {
        var stranger = from(STRANGER);
        stranger.send(stranger.message("someone@remote.example", "u@backup.example", "hi", "backed up"));
        var client = from(CLIENT);
        client.send(client.message("me@mydomain.example", "x@tenant.example", "hi", "tenant"));
        assertThrows(SendFailedException.class, () ->
                stranger.send(stranger.message("someone@remote.example", "y@tenant.example", "hi", "no marker")));

        assertEquals(List.of(List.of("u@backup.example"), List.of("x@tenant.example")), envelopes(named));
        assertTrue(local.messages().isEmpty() && relayHost.messages().isEmpty());
    }

    @Test
    void aClientRelaysToARemoteDomainViaTheRelayHost() throws Exception {
        var mail = from(CLIENT);

        mail.send(mail.message("me@mydomain.example", "friend@elsewhere.example", "hi", "out"));

        assertEquals(List.of(List.of("friend@elsewhere.example")), envelopes(relayHost));
        assertTrue(local.messages().isEmpty() && named.messages().isEmpty());
    }

    @Test
    void aRecipientForASecondNextHopGets452AndTheClientSendsItInASecondTransaction() throws Exception {
        var mail = from(STRANGER).sendPartial();
        var message = mail.message("someone@remote.example", "sales@mydomain.example", "both", "to two next hops");
        message.addRecipient(Message.RecipientType.CC, new InternetAddress("u@backup.example"));

        var partial = assertThrows(SendFailedException.class, () -> mail.send(message));
        Address[] unsent = partial.getValidUnsentAddresses();
        assertArrayEquals(new Address[] {new InternetAddress("u@backup.example")}, unsent);
        var refused = Stream.iterate(partial.getNextException(), e -> e != null, e -> ((jakarta.mail.MessagingException) e)
                .getNextException()).filter(SMTPAddressFailedException.class::isInstance).findFirst().orElseThrow();
        assertEquals(452, assertInstanceOf(SMTPAddressFailedException.class, refused).getReturnCode());
        mail.send(message, unsent);

        assertEquals(List.of(List.of("alice@mydomain.example")), envelopes(local));
        assertEquals(List.of(List.of("u@backup.example")), envelopes(named));
        assertEquals(messageId(local), messageId(named), "one message, in two transactions");
    }

    @Test
    void aRouteToAHostNoNextHopNamesIsRefusedAtRcptAndTheRouteApiSaysWhy() throws Exception {
        var mail = from(STRANGER);

        var refused = assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("someone@remote.example", "lost@mydomain.example", "hi", "lost")));

        var cause = assertInstanceOf(SMTPAddressFailedException.class, refused.getNextException());
        assertEquals(550, cause.getReturnCode());
        assertTrue(cause.getMessage().contains("5.4.4 No route to host nowhere.example"), cause.getMessage());
        assertTrue(local.connections() + named.connections() + relayHost.connections() == 0, "no next hop was tried");
        var route = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + running.get(0).adminPort() + "/api/v1/route?address=lost%40mydomain.example"))
                .header("Authorization", "Bearer " + TestNode.TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("550 5.4.4 No route to host nowhere.example", route.get("nextHop").get("refused").asText());
        assertEquals("relay-host", route.get("clientNextHop").get("name").asText());
        assertTrue(NodeEndToEndTest.scrape(running.get(0)).contains(
                "moat_policy_verdicts_total{action=\"reject\",check=\"next-hops\",stage=\"rcpt\"} 1.0"));
    }

    @Test
    void mailboxesCalledErrorAndNullGetTheirMailLikeAnyOther() throws Exception {
        var mail = from(STRANGER);
        var message = mail.message("someone@remote.example", "error@mydomain.example", "hi", "for real mailboxes");
        message.addRecipient(Message.RecipientType.CC, new InternetAddress("null@mydomain.example"));

        mail.send(message);

        assertEquals(List.of(List.of("error@mydomain.example", "null@mydomain.example")), envelopes(local));
    }

    @Test
    void spoolModeWritesTheRoutedEnvelopeOfEveryNextHopInOneFile() throws Exception {
        var nodes = new TestNode(Files.createDirectories(dir.resolve("spool")), 1);
        nodes.writeSettings(1, """
                local-domains: [mydomain.example]
                delivery:
                  mode: spool
                  next-hops:
                    relayhost.example: "127.0.0.1:%d"
                """.formatted(named.port()) + ROUTER);
        var node = nodes.start(1);
        running.add(node);
        var mail = new Mail(TestNode.smtpPort(node), STRANGER);
        var message = mail.message("someone@remote.example", "sales@mydomain.example", "hi", "spooled");
        message.addRecipient(Message.RecipientType.CC, new InternetAddress("u@backup.example"));

        mail.send(message);

        try (var files = Files.list(nodes.dataDir(1).resolve("spool"))) {
            var spooled = files.filter(f -> f.toString().endsWith(".eml")).toList();
            assertEquals(1, spooled.size());
            var text = Files.readString(spooled.get(0), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("Return-Path: <someone@remote.example>\r\nX-Moat-Rcpt-To: <alice@mydomain.example>\r\n"
                    + "X-Moat-Rcpt-To: <u@backup.example>\r\n"), text);
        }
        assertTrue(named.messages().isEmpty(), "spool mode sends nothing");
    }

    private static String messageId(SmtpSink sink) {
        return Arrays.stream(new String(sink.messages().get(0).data(), StandardCharsets.ISO_8859_1).split("\r\n"))
                .filter(line -> line.startsWith("Message-ID: ")).findFirst().orElseThrow();
    }
}
