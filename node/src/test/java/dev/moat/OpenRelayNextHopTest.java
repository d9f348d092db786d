package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.moat.testing.SmtpConversation;
import dev.moat.testing.SmtpSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The open-relay battery through a real node in relay mode, with a recording next hop behind
 * each route: {@code local} ({@code delivery.next-hop}), {@code relay} ({@code delivery.relay-host}),
 * {@code partner} (the hosts {@code relay.example} and {@code mx.partner.example} of
 * {@code delivery.next-hops}) and {@code reports} ({@code reports.example}). Each trick, sent
 * from a Stranger (127.0.0.5) and from a Client (127.0.0.1), is refused with its code or reaches
 * exactly one next hop with exactly the envelope written here, and no other next hop hears of
 * it: nothing a Stranger sends reaches a next hop with a route Moat itself would refuse.
 */
class OpenRelayNextHopTest {
    private static final String STRANGER = "127.0.0.5";
    private static final String CLIENT = "127.0.0.1";
    private static final AtomicInteger CASES = new AtomicInteger();

    @TempDir
    static Path dir;
    private static final Map<String, SmtpSink> SINKS = new LinkedHashMap<>();
    private static final List<Node> RUNNING = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String name : List.of("local", "relay", "partner", "reports")) {
            SINKS.put(name, new SmtpSink());
        }
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, """
                local-domains: [example.test]
                client-addresses: "127.0.0.1"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                  relay-host: "127.0.0.1:%d"
                  command-timeout: 5s
                  next-hops:
                    relay.example: "127.0.0.1:%3$d"
                    mx.partner.example: "127.0.0.1:%3$d"
                    reports.example: "127.0.0.1:%4$d"
                router: |
                  Relay:<joe> = joe@otherdomain.example
                  otherdomain.example = otherdomain.example@relay.example
                  Relay:<*@partner.example> = *@partner.example@mx.partner.example
                  NoRelay:<ann> = ann@otherhost.example
                  RelayAll:<report-*@example.test> = report-*@reports.example
                  Relay:<bob> = bob@nowhere.example
                """.formatted(SINKS.get("local").port(), SINKS.get("relay").port(), SINKS.get("partner").port(),
                SINKS.get("reports").port()));
        RUNNING.add(nodes.start(1));
    }

    @AfterAll
    static void stop() throws Exception {
        TestNode.closeAll(RUNNING);
        for (var sink : SINKS.values()) {
            sink.close();
        }
    }

    /** The case, the recipient, what a Stranger's mail becomes, what a Client's does: a refusal code, or next hop: envelope. */
    static Stream<Arguments> tricks() {
        return Stream.of(
                trick("plain foreign recipient", "user@foreign.example", "550 5.7.1", "relay: user@foreign.example"),
                trick("percent hack", "user%foreign.example@example.test", "550 5.7.1", "relay: user@foreign.example"),
                trick("percent hack twice", "user%a.example%foreign.example@example.test", "550 5.7.1",
                        "relay: user%a.example@foreign.example"),
                trick("quoted at sign in the local part", "\"user@foreign.example\"@example.test", "550 5.7.1",
                        "relay: user@foreign.example"),
                trick("quoted percent hack", "\"user%foreign.example\"@example.test", "550 5.7.1", "relay: user@foreign.example"),
                trick("two at signs", "user@foreign.example@example.test", "501 5.1.3", "501 5.1.3"),
                trick("source route through the local domain", "@example.test:user@foreign.example", "550 5.7.1",
                        "relay: user@foreign.example"),
                trick("bang path", "foreign.example!user@example.test", "550 5.7.1", "relay: user@foreign.example"),
                trick("IPv4 literal", "user@[192.0.2.1]", "550 5.7.1", "relay: user@[192.0.2.1]"),
                trick("IPv4 literal of the node itself", "user@[127.0.0.1]", "550 5.7.1", "relay: user@[127.0.0.1]"),
                trick("IPv6 literal of the node itself", "user@[IPv6:::1]", "550 5.7.1", "relay: user@[IPv6:::1]"),
                trick("trailing dot on a foreign domain", "user@foreign.example.", "550 5.7.1", "relay: user@foreign.example."),
                trick("mixed case percent hack", "USER%Foreign.Example@EXAMPLE.Test", "550 5.7.1", "relay: user@foreign.example"),
                trick("percent hack into a Relay: domain", "user%evil.example@partner.example", "550 5.7.1",
                        "partner: user%evil.example@partner.example"),
                trick("bang path into a Relay: domain", "evil.example!user@partner.example", "550 5.7.1",
                        "partner: evil.example!user@partner.example"),
                trick("NoRelay: record gives no marker", "ann@example.test", "550 5.7.1", "relay: ann@otherhost.example"),
                trick("Relay: record gives the marker, and its host names the next hop", "joe@example.test",
                        "partner: joe@otherdomain.example", "partner: joe@otherdomain.example"),
                trick("Relay: wildcard gives the marker to a simple address", "user@partner.example",
                        "partner: user@partner.example", "partner: user@partner.example"),
                trick("RelayAll: keeps a percent route, only to the host it names", "report-x%victim.example@example.test",
                        "reports: report-x%victim.example@reports.example", "reports: report-x%victim.example@reports.example"),
                trick("Relay: record to a host no next hop names", "bob@example.test", "550 5.4.4", "relay: bob@nowhere.example"),
                trick("percent at the end of a local part", "user%@example.test", "550 5.1.3", "550 5.1.3"),
                trick("bang at the start of a local part", "!user@example.test", "550 5.1.3", "550 5.1.3"),
                trick("local recipient", "user@example.test", "local: user@example.test", "local: user@example.test"),
                trick("local recipient with a trailing dot and capitals", "User@Example.Test.",
                        "local: User@Example.Test.", "local: User@Example.Test."),
                trick("quoted local part with a space", "\"john smith\"@example.test",
                        "local: \"john smith\"@example.test", "local: \"john smith\"@example.test"),
                trick("bare postmaster", "postmaster", "local: postmaster", "local: postmaster"));
    }

    private static Arguments trick(String name, String recipient, String stranger, String client) {
        return arguments(named(name, recipient), stranger, client);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void fromAStranger(String recipient, String stranger, String client) throws Exception {
        List<String> received = send(STRANGER, recipient, stranger);
        for (String envelope : received) {
            assertTrue(!hasRoute(envelope) || stranger.startsWith("reports: "),
                    "a Stranger's mail reached a next hop with a route: " + envelope);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void fromAClient(String recipient, String stranger, String client) throws Exception {
        send(CLIENT, recipient, client);
    }

    /** Sends one message; checks the reply or the one next hop and envelope; answers what next hops received. */
    private static List<String> send(String source, String recipient, String expected) throws Exception {
        String sender = "case-" + CASES.incrementAndGet() + "@sender.example";
        try (var smtp = SmtpConversation.open(TestNode.smtpPort(RUNNING.get(0)), source)) {
            assertTrue(smtp.send("EHLO client.example").startsWith("250 "));
            assertTrue(smtp.send("MAIL FROM:<" + sender + ">").startsWith("250 "));
            String reply = smtp.send("RCPT TO:<" + recipient + ">");
            if (Character.isDigit(expected.charAt(0))) {
                assertTrue(reply.startsWith(expected), "expected " + expected + ", got " + reply);
            } else {
                assertTrue(reply.startsWith("250 "), reply);
                assertTrue(smtp.send("DATA").startsWith("354 "));
                smtp.send("Subject: " + sender + "\r\n\r\nhello\r\n.");
            }
            smtp.send("QUIT");
        }
        List<String> received = new ArrayList<>();
        SINKS.forEach((name, sink) -> sink.messages().stream()
                .filter(m -> m.mailFrom().contains(sender))
                .forEach(m -> m.recipients().forEach(r -> received.add(name + ": " + r))));
        boolean refused = Character.isDigit(expected.charAt(0));
        assertEquals(refused ? List.of() : List.of(expected), received);
        String chosen = refused ? "" : expected.substring(0, expected.indexOf(':'));
        SINKS.forEach((name, sink) -> assertFalse(!name.equals(chosen)
                && sink.commands().stream().anyMatch(c -> c.contains(sender)), name + " heard of " + sender));
        return received.stream().map(r -> r.substring(r.indexOf(": ") + 2)).toList();
    }

    /** Route syntax a next hop might follow: a percent or bang, a quoted at sign, more than one at sign. */
    private static boolean hasRoute(String envelope) {
        int at = envelope.lastIndexOf('@');
        String local = at < 0 ? envelope : envelope.substring(0, at);
        return local.contains("%") || local.contains("!") || local.contains("@");
    }
}
