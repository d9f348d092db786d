package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlacklistCheckTest {
    private static final String LISTS = """
            blacklisted-addresses: |
              ; spam sources
              192.0.2.0/24
            white-hole-addresses: |
              192.0.2.8
            client-addresses: |
              192.0.2.9
            """;
    private static final String ADD_HEADER = LISTS + """
            blacklisted-action: add-header
            blacklisted-header: "X-Blacklisted: ^0 ^1"
            """;

    private static Verdict judge(Session session) {
        return new BlacklistCheck(session.settings().blacklisted()).check(session.judging("user@moat.test"))
                .toCompletableFuture().join();
    }

    @Test
    void inRejectModeEveryRecipientOfABlacklistedAddressGets550NamingWhy() {
        Verdict verdict = judge(Session.at(Stage.RCPT, "192.0.2.7", LISTS));

        assertEquals(Verdict.Action.REJECT, verdict.action());
        assertEquals("550 5.7.1 Mail from 192.0.2.7 refused: the address is blacklisted", verdict.reply().toString());
        assertEquals("blacklist", verdict.check());
        assertEquals("listed in Blacklisted IP Addresses (server-wide blacklisted-addresses, line 2: 192.0.2.0/24)",
                verdict.reason());
    }

    @Test
    void inAddHeaderModeTheRecipientPassesWithTheHeaderFilledIn() {
        Verdict verdict = judge(Session.at(Stage.RCPT, "::ffff:192.0.2.7", ADD_HEADER));

        assertTrue(verdict.passes());
        assertEquals(List.of(new Effect.AddHeader("X-Blacklisted", "192.0.2.7")), verdict.effects(),
                "^0 is empty without an RBL, ^1 the client address");
        assertTrue(verdict.reason().contains("Blacklisted IP Addresses"), verdict.reason());
    }

    @Test
    void whiteHolesClientsAndStrangersPassWithoutEffects() {
        for (String client : new String[] {"192.0.2.8", "192.0.2.9", "198.51.100.1"}) {
            for (String settings : new String[] {LISTS, ADD_HEADER}) {
                Verdict verdict = judge(Session.at(Stage.RCPT, client, settings));
                assertTrue(verdict.passes(), client);
                assertEquals(List.of(), verdict.effects(), client);
            }
        }
    }

    @Test
    void anAuthenticatedUserPassesFromABlacklistedAddress() {
        Verdict verdict = judge(Session.at(Stage.RCPT, "192.0.2.7", LISTS).authenticatedAs("alice"));

        assertTrue(verdict.passes());
        assertEquals(List.of(), verdict.effects());
        assertTrue(verdict.reason().startsWith("authenticated user"), verdict.reason());
    }
}
