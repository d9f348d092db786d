package dev.moat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.moat.router.RouterTable;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where each recipient goes and as what address: the routed envelope and the next hop of its
 * route, one named case a row, for a Stranger and for a sender that relays on its own rights.
 */
class NextHopsTest {
    private static final String SETTINGS = """
            local-domains: [mydomain.example, tenant.example]
            delivery:
              mode: relay
              next-hop: "127.0.0.1:2525"
              relay-host: "127.0.0.1:2587"
              next-hops:
                relayhost.example: "127.0.0.1:2526"
                partner.example: "[::1]:2527"
            router: |
              <sales> = alice
              <desk@tenant.example> = helpdesk@tenant.example
              <trap> = spamtrap
              Relay:<*@backup.example> = *@backup.example@relayhost.example
              tenant2.example = tenant2.example@relayhost.example
              RelayAll:<report-*@mydomain.example> = report-*@partner.example
              Relay:<lost> = lost@nowhere.example
            """;
    private static final EffectiveSettings SNAPSHOT = snapshot(SETTINGS);
    private static final NextHops HOPS = NextHops.of(SNAPSHOT);

    private static EffectiveSettings snapshot(String yaml) {
        var parsed = ServerSettings.parse(yaml, new HostFacts("mx.moat.test"));
        assertEquals(java.util.List.of(), parsed.errors());
        return EffectiveSettings.build(parsed.value(), ClusterSettings.empty(), 0, RouterTable.empty(), Directory.empty());
    }

    private static NextHops.Decision decide(String received, boolean ownRights) {
        return HOPS.decide(received, SNAPSHOT.router().route(received), ownRights);
    }

    /** The case, the recipient, the next hop and envelope for a Stranger, the same for a Client ("" when refused, with the code). */
    static Stream<Arguments> recipients() {
        return Stream.of(
                row("a local recipient the Router leaves unchanged keeps its spelling", "User@MyDomain.Example.",
                        "next-hop User@MyDomain.Example.", "next-hop User@MyDomain.Example."),
                row("an alias to a local part is that account at the main domain", "Sales@Tenant.example",
                        "next-hop alice@mydomain.example", "next-hop alice@mydomain.example"),
                row("an alias to an address of a local domain keeps that domain", "desk@tenant.example",
                        "next-hop helpdesk@tenant.example", "next-hop helpdesk@tenant.example"),
                row("a percent route into another local domain ends there", "bob%tenant.example@mydomain.example",
                        "next-hop bob@tenant.example", "next-hop bob@tenant.example"),
                row("a quoted local part stays quoted", "\"john smith\"@tenant.example",
                        "next-hop \"john smith\"@tenant.example", "next-hop \"john smith\"@tenant.example"),
                row("a backed-up domain goes to its host as the address at that host", "u@backup.example",
                        "relayhost.example u@backup.example", "relayhost.example u@backup.example"),
                row("a plain domain record gives no marker but takes Clients to its host", "x@tenant2.example",
                        "550 5.7.1", "relayhost.example x@tenant2.example"),
                row("RelayAll: keeps the route and goes only to the host it names", "report-x%victim.example@mydomain.example",
                        "partner.example report-x%victim.example@partner.example",
                        "partner.example report-x%victim.example@partner.example"),
                row("a marker to a host no next hop names is no route", "lost@mydomain.example",
                        "550 5.4.4", "relay-host lost@nowhere.example"),
                row("a foreign recipient is relayed for Clients only", "Friend@Elsewhere.example",
                        "550 5.7.1", "relay-host Friend@Elsewhere.example"),
                row("a percent route out of a local domain is the address it leads to", "user%foreign.example@mydomain.example",
                        "550 5.7.1", "relay-host user@foreign.example"),
                row("a quoted route out of a local domain is quoted where it must be", "\"john smith@foreign.example\"@mydomain.example",
                        "550 5.7.1", "relay-host \"john smith\"@foreign.example"),
                row("a route left in a local account is refused", "user%@mydomain.example", "550 5.1.3", "550 5.1.3"),
                row("a bang left in a local account is refused", "!user@mydomain.example", "550 5.1.3", "550 5.1.3"),
                row("error@ is an ordinary mailbox", "error@mydomain.example",
                        "next-hop error@mydomain.example", "next-hop error@mydomain.example"),
                row("null@ is an ordinary mailbox", "null@mydomain.example",
                        "next-hop null@mydomain.example", "next-hop null@mydomain.example"),
                row("the bare postmaster goes as written", "postmaster", "next-hop postmaster", "next-hop postmaster"));
    }

    private static Arguments row(String name, String recipient, String stranger, String client) {
        return arguments(named(name, recipient), stranger, client);
    }

    private static String outcome(NextHops.Decision decision) {
        if (decision.refused()) {
            return decision.refusal().code() + " " + decision.refusal().enhanced();
        }
        return decision.hop().name() + " " + decision.envelope();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipients")
    void forAStranger(String recipient, String stranger, String client) {
        assertEquals(stranger, outcome(decide(recipient, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipients")
    void forAClient(String recipient, String stranger, String client) {
        assertEquals(client, outcome(decide(recipient, true)));
    }

    @Test
    void aSpamTrapGoesToNoNextHopAndIsNotRefusedHere() {
        var decision = decide("trap@mydomain.example", false);

        assertFalse(decision.delivers());
        assertFalse(decision.refused());
        assertNull(decision.envelope());
    }

    @Test
    void theRefusalOfAnUnknownHostSaysWhichHostAndWhy() {
        var decision = decide("lost@mydomain.example", false);

        assertEquals("No route to host nowhere.example", decision.refusal().lines().get(0).substring(10));
        assertTrue(decision.reason().contains("which no delivery.next-hops entry names"), decision.reason());
    }

    @Test
    void withoutARelayHostClientsRelayThroughTheNextHopItself() {
        var snapshot = snapshot("delivery:\n  mode: relay\n  next-hop: \"127.0.0.1:2525\"\n");
        var hops = NextHops.of(snapshot);
        var local = hops.decide("a@localhost", snapshot.router().route("a@localhost"), false);
        var remote = hops.decide("b@foreign.example", snapshot.router().route("b@foreign.example"), true);

        assertEquals("relay-host (delivery.next-hop: 127.0.0.1:2525)", remote.hop().toString());
        assertTrue(remote.hop().sameServerAs(local.hop()), "one server: one transaction may hold both");
        assertTrue(hops.onePerTransaction());
    }

    @Test
    void theSpoolTakesEveryNextHopInOneTransaction() {
        var hops = NextHops.of(snapshot("delivery:\n  next-hops:\n    relayhost.example: \"127.0.0.1:2526\"\n"));

        assertFalse(hops.onePerTransaction());
    }
}
