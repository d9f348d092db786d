package dev.moat.smtp;

import dev.moat.policy.HeloCheck;
import dev.moat.policy.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HELO checks of "Verify HELO and Return-Path", one named case per rule; the session goes on after each. */
class HeloDialogueTest {
    private static final String SETTINGS = """
            local-domains: [moat.test]
            client-addresses: "10.0.0.0/8"
            """;
    private final Fixture f = new Fixture(SETTINGS);
    private Dialogue d;

    HeloDialogueTest() {
        f.withChecks(Stage.HELO, new HeloCheck(Fixture.HOST, f.settings::isLocalDomain));
    }

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue from(String client) {
        d = f.connect(client);
        d.expect("220 ");
        return d;
    }

    @Test
    void anAddressLiteralMustBeTheClientsOwnAddress() {
        from("192.0.2.7").send("EHLO [192.0.2.8]").expect("550 5.7.1 HELO [192.0.2.8] refused: the address literal is not your address");
        d.send("EHLO [192.0.2.7]").expect("250-");
        d.close();
        from("2001:db8::7").send("HELO [IPv6:2001:db8::7]").expect("250 ");
    }

    @Test
    void aStrangerMayNotPresentItselfAsThisNodeOrALocalDomain() {
        from("192.0.2.7").send("EHLO " + Fixture.HOST).expect("550 5.7.1 HELO " + Fixture.HOST + " refused: that is my name");
        d.send("HELO MOAT.test").expect("550 5.7.1 ");
        d.send("EHLO client.example").expect("250-");
        d.close();
        from("10.1.2.3").send("EHLO moat.test").expect("250-");
    }

    @Test
    void aHeloThatIsNoDomainNorLiteralIsRefused() {
        from("192.0.2.7").send("EHLO bad_name.example").expect("501 5.5.2 HELO bad_name.example refused: not a domain");
        d.send("EHLO [not.an.address]").expect("501 5.5.2 ");
        d.send("EHLO -dash.example").expect("501 5.5.2 ");
        d.send("EHLO single-label").expect("250-");
    }
}
