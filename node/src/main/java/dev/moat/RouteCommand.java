package dev.moat;

import dev.moat.delivery.NextHops;
import dev.moat.mail.Route;
import dev.moat.router.RouterTable;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsFileWatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moat-node route ADDRESS...}: routes addresses with the Router of a settings file (and
 * optionally a cluster-wide Router table, such as one saved from the admin API) without
 * starting a node, and prints each step with the record applied and the can-relay marker, then
 * the next hop the address goes to and the address that next hop receives (for a Stranger and
 * for a Client, when they differ).
 * Exit code 0 when every address was routed, 1 when one was routed to an error or a loop,
 * 2 when the settings or the table are refused.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Shows where the Router sends each address, step by step, without starting a node.")
final class RouteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML settings file: local domains, the server-wide router and the next hops (default: $MOAT_CONFIG, else the defaults)")
    Path config;

    @Option(names = "--cluster-router", paramLabel = "FILE",
            description = "a cluster-wide Router table (the text of the cluster document router)")
    Path clusterRouter;

    @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "addresses to route, such as joe@example.com")
    List<String> addresses;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var host = HostFacts.ofThisMachine();
        Path file = config;
        if (file == null && System.getenv("MOAT_CONFIG") != null && !System.getenv("MOAT_CONFIG").isBlank()) {
            file = Path.of(System.getenv("MOAT_CONFIG"));
        }
        var loaded = SettingsFileWatcher.loadOrDefaults(file, host);
        if (!loaded.ok()) {
            err.println(loaded.refusal("settings file " + file));
            return 2;
        }
        ServerSettings server = loaded.value();
        RouterTable cluster = RouterTable.empty();
        if (clusterRouter != null) {
            var parsed = RouterTable.parse(Files.readString(clusterRouter, StandardCharsets.UTF_8), "cluster");
            if (!parsed.ok()) {
                err.println("Router table " + clusterRouter + " refused:");
                parsed.errors().forEach(e -> err.println("  " + e));
                return 2;
            }
            cluster = parsed.table();
        }
        var settings = EffectiveSettings.build(server, ClusterSettings.empty(), 0, cluster, Directory.empty());
        var hops = NextHops.of(settings);
        int code = 0;
        for (String address : addresses) {
            Route route = settings.router().route(address);
            out.print(route.trace());
            out.println("=> " + route.outcome().name().toLowerCase(Locale.ROOT)
                    + (route.host().isEmpty() ? "" : " via " + route.host())
                    + (route.canRelay() ? ", can relay" : "")
                    + (route.errorText().isEmpty() ? "" : ": " + route.errorText()));
            printNextHops(out, hops.decide(address, route, false), hops.decide(address, route, true));
            out.println();
            if (route.outcome() == Route.Outcome.ERROR || route.outcome() == Route.Outcome.LOOP) {
                code = 1;
            }
        }
        out.flush();
        return code;
    }

    /** One line when every sender's mail goes the same way, else one for Strangers and one for Clients. */
    private static void printNextHops(PrintWriter out, NextHops.Decision stranger, NextHops.Decision client) {
        if (stranger.describe().equals(client.describe())) {
            out.println("next hop: " + stranger.describe());
        } else {
            out.println("next hop for a Stranger: " + stranger.describe());
            out.println("next hop for a Client or a user with Relay: " + client.describe());
        }
    }
}
