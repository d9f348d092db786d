package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.Route;
import dev.moat.router.RouterTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-wide {@code router:} table and how it combines with the cluster-wide document. */
class RouterSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.example.net");

    @Test
    void aBadRouterRecordIsReportedAtItsLineOfTheFile() {
        var parsed = ServerSettings.parse("""
                local-domains: [mydomain.example]
                router: |
                  Relay:<joe> = joe@otherdomain.example
                  ; a comment
                  <joe> joe@nowhere
                  Relai:<ann> = ann@x.example
                """, HOST);

        assertEquals(List.of(
                "line 5: router: needs = between the pattern and the target: <joe> joe@nowhere",
                "line 6: router: unknown prefix Relai: (Relay:, NoRelay: and RelayAll: are known): Relai:<ann> = ann@x.example"),
                parsed.errors().stream().map(Object::toString).toList());
    }

    @Test
    void aRouterThatIsNotTextIsRefused() {
        var parsed = ServerSettings.parse("router:\n  - <a> = b\n", HOST);

        assertEquals(2, parsed.errors().get(0).line());
        assertTrue(parsed.errors().get(0).message().contains("Router table"));
    }

    @Test
    void noRouterMeansAnEmptyTable() {
        assertEquals(0, ServerSettings.defaults(HOST).router().size());
    }

    @Test
    void routerRowTheServerRecordsComeFirstThenTheClusterRecords() {
        var server = ServerSettings.parse("""
                local-domains: [mydomain.example]
                router: |
                  <joe> = joe@server.example
                """, HOST).value();
        var cluster = RouterTable.parse("<joe> = joe@cluster.example\n<ann> = ann@cluster.example\n", "cluster").table();

        var settings = EffectiveSettings.build(server, ClusterSettings.empty(), 3, cluster, Directory.empty());

        assertEquals("joe@server.example", settings.router().route("joe@mydomain.example").address());
        Route ann = settings.router().route("Ann@MyDomain.Example");
        assertEquals("ann@cluster.example", ann.address());
        assertFalse(ann.canRelay());
    }
}
