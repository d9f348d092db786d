package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code moat-node route}: the Router's trace on the command line, without a running node. */
class RouteCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void routePrintsTheJoeTraceFromBothTables() throws Exception {
        var settings = dir.resolve("moat.yaml");
        Files.writeString(settings, """
                local-domains: [mydomain.example]
                router: |
                  Relay:<joe> = joe@otherdomain.example
                """);
        var cluster = dir.resolve("router.txt");
        Files.writeString(cluster, "otherdomain.example = otherdomain.example@relay.example\n");

        int code = run("route", "--config", settings.toString(), "--cluster-router", cluster.toString(),
                "joe@mydomain.example");

        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("Main Domain (mydomain.example) cut-off: -> joe [marker NO]"), text);
        assertTrue(text.contains("Relay:<joe> = joe@otherdomain.example (server line 1) -> joe@otherdomain.example [marker YES]"), text);
        assertTrue(text.contains("(cluster line 1) -> joe@otherdomain.example@relay.example [marker YES]"), text);
        assertTrue(text.contains("=> remote via relay.example, can relay"), text);
        assertTrue(text.contains("next hop for a Stranger: refused with 550 5.4.4 No route to host relay.example"), text);
        assertTrue(text.contains("next hop for a Client or a user with Relay: relay-host (delivery.next-hop) as"
                + " <joe@otherdomain.example>"), text);
    }

    @Test
    void routeShowsTheNamedNextHopAndTheRoutedAddress() throws Exception {
        var settings = dir.resolve("moat.yaml");
        Files.writeString(settings, """
                local-domains: [mydomain.example]
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:2525"
                  next-hops:
                    relayhost.example: "[::1]:2526"
                router: |
                  <sales> = alice
                  Relay:<*@backup.example> = *@backup.example@relayhost.example
                """);

        int code = run("route", "--config", settings.toString(), "Sales@MyDomain.example", "u@backup.example");

        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("next hop: next-hop (delivery.next-hop: 127.0.0.1:2525) as <alice@mydomain.example>"), text);
        assertTrue(text.contains("next hop: relayhost.example (delivery.next-hops: [::1]:2526) as <u@backup.example>"), text);
    }

    @Test
    void anAddressRoutedToErrorExitsWithOne() throws Exception {
        var settings = dir.resolve("moat.yaml");
        Files.writeString(settings, "router: |\n  spammer.example = error Go away\n");

        int code = run("route", "-c", settings.toString(), "x@spammer.example");

        assertEquals(1, code);
        assertTrue(out.toString().contains("=> error: Go away"), out.toString());
    }

    @Test
    void aBadClusterTableIsRefusedWithItsLine() throws Exception {
        var cluster = dir.resolve("router.txt");
        Files.writeString(cluster, "; ok\n<joe> joe@x.example\n");

        int code = run("route", "--cluster-router", cluster.toString(), "joe@x.example");

        assertEquals(2, code);
        assertTrue(err.toString().contains("line 2: needs ="), err.toString());
    }
}
