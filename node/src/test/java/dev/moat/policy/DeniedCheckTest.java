package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeniedCheckTest {
    private static final String SETTINGS = """
            denied-addresses: |
              203.0.113.0/24
            client-addresses: |
              203.0.113.7
            """;

    /** The check as the node makes it: with the host name of the session's settings. */
    private static java.util.concurrent.CompletionStage<Verdict> denied(Session session) {
        return new DeniedCheck(session.settings().server().smtp().hostName()).check(session);
    }

    @Test
    void aDeniedAddressIsDisconnectedWith554BeforeTheGreeting() {
        Verdict verdict = denied(Session.at(Stage.CONNECT, "203.0.113.7", SETTINGS))
                .toCompletableFuture().join();

        assertEquals(Verdict.Action.DISCONNECT, verdict.action());
        assertEquals("554 5.7.1 mx.example.net Access denied", verdict.reply().toString());
        assertEquals("denied", verdict.check());
        assertEquals("listed in Denied IP Addresses (server-wide denied-addresses, line 1: 203.0.113.0/24)", verdict.reason());
    }

    @Test
    void anyOtherStatusPasses() {
        for (String client : new String[] {"192.0.2.7", "127.0.0.1"}) {
            Verdict verdict = denied(Session.at(Stage.CONNECT, client, SETTINGS)).toCompletableFuture().join();
            assertTrue(verdict.passes(), client);
            assertTrue(verdict.effects().isEmpty());
        }
    }
}
