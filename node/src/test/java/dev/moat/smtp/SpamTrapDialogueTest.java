package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.policy.Stage;
import dev.moat.router.SpamTrapCheck;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spam traps and null targets in a conversation: hidden at RCPT, decided at DATA. */
class SpamTrapDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String CLIENT = "127.0.0.1";
    private static final String SETTINGS = """
            local-domains: [mydomain.example]
            router: |
              <misterX@mydomain.example> = spamtrap
              <john.smith@mydomain.example> = spamtrap
              <noreply> = null
            """;

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Fixture fixture() {
        var f = new Fixture(SETTINGS);
        return f.withChecks(Stage.DATA, new SpamTrapCheck(f.events));
    }

    private void envelope(Fixture f, String client, String... recipients) {
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<sender@remote.example>").expect("250 2.1.0 ");
        for (String recipient : recipients) {
            d.send("RCPT TO:<" + recipient + ">").expect("250 ");
        }
    }

    @Test
    void aSpamTrapIsAcceptedAtRcptAndTheWholeMessageIsRefusedAtData() {
        var f = fixture();
        envelope(f, STRANGER, "alice@mydomain.example", "MisterX@mydomain.example", "bob@mydomain.example");

        d.send("DATA").expect("554 5.7.1 Message refused by policy (ref ");
        d.send("DATA").expect("503 5.5.1 ");

        assertEquals(List.of(), f.delivery.messages);
        assertEquals(List.of("spam-trap " + STRANGER, "protocol-error " + STRANGER + " BAD_SEQUENCE"), f.events.events);
    }

    @Test
    void theSpecialNameSpamtrapIsATrapToo() {
        var f = fixture();
        envelope(f, STRANGER, "spamtrap@mydomain.example");

        d.send("DATA").expect("554 5.7.1 ");
        assertEquals(List.of("spam-trap " + STRANGER), f.events.events);
    }

    @Test
    void aClientHittingASpamTrapIsRefusedButNotReported() {
        var f = fixture();
        envelope(f, CLIENT, "john.smith@mydomain.example");

        d.send("DATA").expect("554 5.7.1 ");
        assertEquals(List.of(), f.events.events);
    }

    @Test
    void aSpamTrapNeverReachesTheNextHop() {
        var f = fixture();
        envelope(f, STRANGER, "alice@mydomain.example", "misterx@mydomain.example");

        d.send("DATA").expect("554 ");
        d.send("QUIT").expect("221 ");

        assertEquals(1, f.delivery.aborted.size(), "the next-hop transaction is given up");
        assertTrue(f.delivery.messages.isEmpty());
    }

    @Test
    void aNullRecipientIsAcceptedAndDiscarded() {
        var f = fixture();
        envelope(f, STRANGER, "noreply@mydomain.example", "alice@mydomain.example");

        d.send("DATA").expect("354 ");
        d.send("Subject: hi").send("").send("body").send(".").expect("250 ");

        assertEquals(1, f.delivery.messages.size());
        assertEquals(List.of("alice@mydomain.example"), f.delivery.messages.get(0).recipients());
    }

    @Test
    void aMessageForNullRecipientsOnlyIsAcceptedAndGoesNowhere() {
        var f = fixture();
        envelope(f, STRANGER, "noreply@mydomain.example");

        d.send("DATA").expect("354 ");
        d.send("Subject: hi").send("").send("body").send(".").expect("250 2.0.0 Message accepted");

        assertTrue(f.delivery.messages.isEmpty());
    }
}
