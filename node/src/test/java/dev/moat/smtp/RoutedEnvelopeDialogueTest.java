package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off gets each recipient as the Router's result, with the name of its next hop; in
 * relay mode a transaction holds one next hop, in spool mode the one file takes them all.
 */
class RoutedEnvelopeDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String ROUTES = """
            local-domains: [mydomain.example]
            delivery:
              mode: %s
              next-hop: "127.0.0.1:2525"
              next-hops:
                relayhost.example: "127.0.0.1:2526"
            router: |
              <sales> = alice
              Relay:<*@backup.example> = *@backup.example@relayhost.example
              Relay:<lost> = lost@nowhere.example
            """;

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue transaction(Fixture f) {
        d = f.connect(STRANGER);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        return d;
    }

    private void message() {
        d.send("DATA").expect("354 ");
        d.send("Subject: hi").send("").send("body").send(".").expect("250 2.0.0 ");
    }

    @Test
    void inRelayModeARecipientForAnotherNextHopGets452AndTheFirstNextHopGetsTheAlias() {
        var f = new Fixture(ROUTES.formatted("relay"));
        transaction(f);
        d.send("RCPT TO:<Sales@MyDomain.example>").expect("250 ");
        d.send("RCPT TO:<u@backup.example>").expect("452 4.5.3 Recipient goes to another next hop");
        d.send("RCPT TO:<bob@mydomain.example>").expect("250 ");
        message();

        var m = f.delivery.messages.get(0);
        assertEquals(List.of("alice@mydomain.example", "bob@mydomain.example"), m.recipients());
        assertEquals(List.of("next-hop", "next-hop"), m.nextHops());

        d.send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        d.send("RCPT TO:<u@backup.example>").expect("250 ");
        message();
        assertEquals(List.of("u@backup.example"), f.delivery.messages.get(1).recipients());
        assertEquals(List.of("relayhost.example"), f.delivery.messages.get(1).nextHops());
    }

    @Test
    void inSpoolModeOneTransactionTakesEveryNextHopWithItsRoutedAddress() {
        var f = new Fixture(ROUTES.formatted("spool"));
        transaction(f);
        d.send("RCPT TO:<sales@mydomain.example>").expect("250 ");
        d.send("RCPT TO:<u@backup.example>").expect("250 ");
        message();

        var m = f.delivery.messages.get(0);
        assertEquals(List.of("alice@mydomain.example", "u@backup.example"), m.recipients());
        assertEquals(List.of("next-hop", "relayhost.example"), m.nextHops());
    }

    @Test
    void aRouteToAHostNoNextHopNamesIsRefusedAndNothingIsHandedOn() {
        var f = new Fixture(ROUTES.formatted("relay"));
        transaction(f);
        String reply = d.send("RCPT TO:<lost@mydomain.example>").expect("550 5.4.4 No route to host nowhere.example");
        assertTrue(reply.contains("(ref "), reply);
        d.send("DATA").expect("554 ");
        assertTrue(f.delivery.messages.isEmpty());
    }
}
