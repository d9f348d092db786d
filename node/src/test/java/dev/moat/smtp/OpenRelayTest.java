package dev.moat.smtp;

import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Open relay, proven closed: every classic relay trick, each a named case, sent from a
 * Stranger (refused) and from a Client (accepted where relaying is the Client's right), to a
 * node whose local domain is {@code example.test} and whose Router has Relay: records to the
 * hosts of its {@code delivery.next-hops}, and one to a host no next hop names.
 * {@code OpenRelayNextHopTest} sends the same tricks through a real node and checks what each
 * next hop receives.
 */
class OpenRelayTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String CLIENT = "127.0.0.1";
    private static final String SETTINGS = """
            local-domains: [example.test]
            delivery:
              next-hops:
                relay.example: "127.0.0.1:2526"
                mx.partner.example: "127.0.0.1:2526"
                reports.example: "127.0.0.1:2527"
            router: |
              Relay:<bob> = bob@nowhere.example
              Relay:<joe> = joe@otherdomain.example
              otherdomain.example = otherdomain.example@relay.example
              Relay:<*@partner.example> = *@partner.example@mx.partner.example
              NoRelay:<ann> = ann@otherhost.example
              RelayAll:<report-*@example.test> = report-*@reports.example
            """;

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    /** The case, the recipient, what a Stranger gets, what a Client gets. */
    static Stream<Arguments> tricks() {
        return Stream.of(
                trick("plain foreign recipient", "user@foreign.example", "550 5.7.1", "250"),
                trick("percent hack", "user%foreign.example@example.test", "550 5.7.1", "250"),
                trick("percent hack twice", "user%a.example%foreign.example@example.test", "550 5.7.1", "250"),
                trick("quoted at sign in the local part", "\"user@foreign.example\"@example.test", "550 5.7.1", "250"),
                trick("quoted percent hack", "\"user%foreign.example\"@example.test", "550 5.7.1", "250"),
                trick("two at signs", "user@foreign.example@example.test", "501 5.1.3", "501 5.1.3"),
                trick("source route through the local domain", "@example.test:user@foreign.example", "550 5.7.1", "250"),
                trick("bang path", "foreign.example!user@example.test", "550 5.7.1", "250"),
                trick("IPv4 literal", "user@[192.0.2.1]", "550 5.7.1", "250"),
                trick("IPv4 literal of the node itself", "user@[127.0.0.1]", "550 5.7.1", "250"),
                trick("IPv6 literal of the node itself", "user@[IPv6:::1]", "550 5.7.1", "250"),
                trick("trailing dot on a foreign domain", "user@foreign.example.", "550 5.7.1", "250"),
                trick("mixed case percent hack", "USER%Foreign.Example@EXAMPLE.Test", "550 5.7.1", "250"),
                trick("percent hack into a Relay: domain", "user%evil.example@partner.example", "550 5.7.1", "250"),
                trick("bang path into a Relay: domain", "evil.example!user@partner.example", "550 5.7.1", "250"),
                trick("NoRelay: record gives no marker", "ann@example.test", "550 5.7.1", "250"),
                trick("Relay: record gives the marker", "joe@example.test", "250", "250"),
                trick("Relay: wildcard gives the marker to a simple address", "user@partner.example", "250", "250"),
                trick("RelayAll: gives the marker even to a routed address", "report-x%y.example@example.test", "250", "250"),
                trick("local recipient", "user@example.test", "250", "250"),
                trick("local recipient with a trailing dot and capitals", "User@Example.Test.", "250", "250"),
                trick("bare postmaster", "postmaster", "250", "250"),
                trick("Relay: record to a host no next hop names", "bob@example.test", "550 5.4.4", "250"),
                trick("percent at the end of a local part", "user%@example.test", "550 5.1.3", "550 5.1.3"),
                trick("bang at the start of a local part", "!user@example.test", "550 5.1.3", "550 5.1.3"),
                trick("quoted local part with a space", "\"john smith\"@example.test", "250", "250"));
    }

    private static Arguments trick(String name, String recipient, String stranger, String client) {
        return arguments(named(name, recipient), stranger, client);
    }

    private void rcpt(String from, String recipient, String expected) {
        d = new Fixture(SETTINGS).connect(from);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        d.send("RCPT TO:<" + recipient + ">").expect(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void fromAStranger(String recipient, String stranger, String client) {
        rcpt(STRANGER, recipient, stranger);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void fromAClient(String recipient, String stranger, String client) {
        rcpt(CLIENT, recipient, client);
    }
}
