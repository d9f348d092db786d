package dev.moat.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.Route.Outcome;
import dev.moat.mail.Route;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing addresses through a table, step by step, with the chapter's and the notes' examples. */
class RouterTest {
    private static final Set<String> LOCAL = Set.of("mydomain.example");

    private static Router router(String table) {
        var parsed = RouterTable.parse(table, "server");
        assertEquals(List.of(), parsed.errors());
        return new Router(parsed.table(), LOCAL::contains);
    }

    private static List<String> rows(Route route) {
        return route.steps().stream()
                .map(s -> s.operation() + (s.record() == null ? "" : " " + s.record()) + " | " + s.address()
                        + " | " + (s.marker() ? "YES" : "NO"))
                .toList();
    }

    @Test
    void theJoeTableOfTheChapterIsTheTraceRowByRow() {
        var router = router("""
                Relay:<joe> = joe@otherdomain.example
                otherdomain.example = otherdomain.example@relay.example
                """);

        Route route = router.route("joe@mydomain.example");

        assertEquals(List.of(
                "Received (Original) address | joe@mydomain.example | NO",
                "Main Domain (mydomain.example) cut-off: | joe | NO",
                "Router Record: Relay:<joe> = joe@otherdomain.example (server line 1) | joe@otherdomain.example | YES",
                "Router Record: otherdomain.example = otherdomain.example@relay.example (server line 2)"
                        + " | joe@otherdomain.example@relay.example | YES",
                "SMTP Module: | accepted for the host relay.example | YES"), rows(route));
        assertEquals(Outcome.REMOTE, route.outcome());
        assertEquals("relay.example", route.host());
        assertTrue(route.canRelay());
    }

    @Test
    void noRelayDoesNotSetTheMarker() {
        Route route = router("NoRelay:<user@mydomain.example> = user@otherhost.example").route("user@mydomain.example");

        assertEquals(Outcome.REMOTE, route.outcome());
        assertEquals("otherhost.example", route.host());
        assertFalse(route.canRelay());
    }

    @Test
    void noRelayDoesNotResetAMarkerSetBefore() {
        Route route = router("""
                Relay:<joe> = joe@otherdomain.example
                NoRelay:otherdomain.example = otherdomain.example@relay.example
                """).route("joe@mydomain.example");

        assertTrue(route.canRelay());
        assertEquals("relay.example", route.host());
    }

    @Test
    void aPlainAliasToAnotherHostDoesNotSetTheMarker() {
        Route route = router("<user> = user@otherhost.example").route("user@mydomain.example");

        assertFalse(route.canRelay());
    }

    @Test
    void relayDoesNotMarkAnAddressWithSeveralRoutes() {
        var router = router("Relay:<*@backup.example> = *@backup.example@relayhost.example");

        Route simple = router.route("user@backup.example");
        Route routed = router.route("user%evil.example@backup.example");

        assertTrue(simple.canRelay());
        assertEquals("relayhost.example", simple.host());
        assertFalse(routed.canRelay());
        assertEquals("user%evil.example@backup.example@relayhost.example", routed.address());
    }

    @Test
    void relayAllMarksEvenAnAddressWithSeveralRoutes() {
        var router = router("RelayAll:<report-*@mydomain.example> = report-*@partner.example");

        Route route = router.route("report-x%evil.example@mydomain.example");

        assertTrue(route.canRelay());
        assertEquals("report-x%evil.example@partner.example", route.address());
    }

    @Test
    void errorRecordsRejectADomainAndItsAddressesAndPromoLocalParts() {
        var router = router("""
                spammer.example = error
                <*@spammer2.example> = error
                <promo*@company.example> = error No promotions, please
                """);

        assertEquals(Outcome.ERROR, router.route("anyone@spammer.example").outcome());
        assertEquals(Outcome.ERROR, router.route("anyone@SPAMMER2.example").outcome());
        Route promo = router.route("promo-2026@company.example");
        assertEquals(Outcome.ERROR, promo.outcome());
        assertEquals("No promotions, please", promo.errorText());
        assertEquals(Outcome.REMOTE, router.route("sales@company.example").outcome());
    }

    @Test
    void spamTrapsAreFoundByRecordAndByTheSpecialName() {
        var router = router("""
                <misterX@mydomain.example> = spamtrap
                <john.smith@mydomain.example> = spamtrap
                """);

        assertEquals(Outcome.SPAMTRAP, router.route("MisterX@mydomain.example").outcome());
        assertEquals(Outcome.SPAMTRAP, router.route("john.smith@mydomain.example").outcome());
        assertEquals(Outcome.SPAMTRAP, router.route("spamtrap@mydomain.example").outcome());
        assertEquals(Outcome.LOCAL, router.route("john@mydomain.example").outcome());
    }

    @Test
    void nullDiscardsAndAnAccountNameStaysLocal() {
        var router = router("""
                <noreply> = null
                <sales> = alice
                """);

        assertEquals(Outcome.DISCARD, router.route("noreply@mydomain.example").outcome());
        Route sales = router.route("sales@mydomain.example");
        assertEquals(Outcome.LOCAL, sales.outcome());
        assertEquals("alice", sales.address());
    }

    @Test
    void errorAndNullLocalPartsAreOrdinaryMailboxesUnlessARecordTargetsThem() {
        var router = router("""
                <old-error> = error
                <old-null> = null
                """);

        for (String mailbox : List.of("error@mydomain.example", "null@mydomain.example", "Error@MyDomain.example")) {
            Route route = router.route(mailbox);
            assertEquals(Outcome.LOCAL, route.outcome(), mailbox);
            assertEquals("", route.errorText(), mailbox);
        }
        assertEquals(Outcome.ERROR, router.route("old-error@mydomain.example").outcome());
        assertEquals(Outcome.DISCARD, router.route("old-null@mydomain.example").outcome());
        assertEquals(Outcome.SPAMTRAP, router.route("spamtrap@mydomain.example").outcome(),
                "the one special name the chapter gives a local domain");
    }

    @Test
    void routesInTheLocalPartLeadWhereTheyGo() {
        var router = router("");

        assertEquals("user@foreign.example", router.route("user%foreign.example@mydomain.example").address());
        assertEquals("user@foreign.example", router.route("foreign.example!user@mydomain.example").address());
        assertEquals("user@foreign.example", router.route("\"user@foreign.example\"@mydomain.example").address());
        assertEquals(Outcome.REMOTE, router.route("\"user%foreign.example\"@mydomain.example").outcome());
        assertEquals(Outcome.LOCAL, router.route("user%mydomain.example@mydomain.example").outcome());
    }

    @Test
    void aTrailingDotAndCaseDoNotHideALocalDomain() {
        var router = router("");

        assertEquals(Outcome.LOCAL, router.route("Joe@MyDomain.Example.").outcome());
        assertEquals(Outcome.REMOTE, router.route("joe@foreign.example.").outcome());
        assertEquals("foreign.example", router.route("joe@foreign.example.").host());
    }

    @Test
    void exactRecordsWinOverWildcardsAndTheFirstWildcardWins() {
        var router = router("""
                <*@x.example> = first@a.example
                <b*@x.example> = error
                <bob@x.example> = bob@b.example
                """);

        assertEquals("bob@b.example", router.route("bob@x.example").address());
        assertEquals("first@a.example", router.route("bill@x.example").address());
    }

    @Test
    void aLoopIsAnErrorNotAHang() {
        assertEquals(Outcome.LOOP, router("""
                a.example = b.example
                b.example = a.example
                """).route("u@a.example").outcome());
        assertEquals(Outcome.LOOP, router("<*@grow.example> = x*@grow.example").route("u@grow.example").outcome());
    }

    @Test
    void wildcardDomainRecordsMatchSubdomains() {
        var router = router("*.spammer.example = error\n*ham.example = ham.example");

        assertEquals(Outcome.ERROR, router.route("u@mx.a.spammer.example").outcome());
        assertEquals(Outcome.REMOTE, router.route("u@spammer.example").outcome());
        assertEquals("u@ham.example", router.route("u@spam-ham.example").address());
    }

    @Test
    void theServerTableIsTriedBeforeTheClusterTable() {
        var server = RouterTable.parse("<joe> = joe@server.example", "server").table();
        var cluster = RouterTable.parse("<joe> = joe@cluster.example\n<ann> = ann@cluster.example", "cluster").table();
        var router = new Router(RouterTable.combine(server, cluster), LOCAL::contains);

        assertEquals("joe@server.example", router.route("joe@mydomain.example").address());
        assertEquals("ann@cluster.example", router.route("ann@mydomain.example").address());
        assertTrue(router.route("ann@mydomain.example").steps().get(2).record().endsWith("(cluster line 2)"));
    }
}
