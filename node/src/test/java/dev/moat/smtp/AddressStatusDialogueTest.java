package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.net.AddressSet;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.RblAnswers;
import dev.moat.policy.ReverseNames;
import dev.moat.policy.TemporaryBlocks;
import dev.moat.policy.TemporaryClients;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The greeting waits for the address status: lookups that answer later decide it before the
 * 220, nothing the client sends meanwhile is read, and past the deadline the session is
 * greeted on what the lists say.
 */
class AddressStatusDialogueTest {
    private static final String SETTINGS = """
            local-domains: [moat.test]
            smtp:
              timeouts:
                address-status: 2s
            """;

    private final CompletableFuture<Optional<RblAnswers.Listed>> rbl = new CompletableFuture<>();
    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    /** The node's checks, with a classifier whose RBL answers when the test says. */
    private Fixture fixture() {
        var f = new Fixture(SETTINGS);
        f.classifier = new AddressClassifier(AddressSet.empty(), TemporaryClients.NONE, TemporaryBlocks.NONE,
                ReverseNames.NONE, address -> rbl);
        return f;
    }

    @Test
    void theGreetingWaitsForTheRblAndItsListingRefusesEveryRecipient() {
        d = fixture().connect("192.0.2.7");
        d.send("EHLO early.example");
        d.expectNothing();

        rbl.complete(Optional.of(new RblAnswers.Listed("rbl.example", "127.0.0.2")));
        d.expect("220 ");
        d.expect("250-");
        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<bob@moat.test>").expect(
                "550 5.7.1 Mail from 192.0.2.7 refused: the address is blacklisted by rbl.example (ref ");
    }

    @Test
    void pastTheDeadlineTheSessionIsGreetedAsAStranger() {
        var f = fixture();
        d = f.connect("192.0.2.7");
        d.expectNothing();

        d.channel.advanceTimeBy(2100, TimeUnit.MILLISECONDS);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<bob@moat.test>").expect("250 ");
        rbl.complete(Optional.of(new RblAnswers.Listed("rbl.example", "127.0.0.2")));
        d.send("RCPT TO:<carol@moat.test>").expect("250 ");
        assertEquals(List.of(), f.events.events);
    }
}
