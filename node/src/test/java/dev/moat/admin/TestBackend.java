package dev.moat.admin;

import dev.moat.cluster.DocumentStore;
import dev.moat.cluster.MemberStatus;
import dev.moat.net.IpAddress;
import dev.moat.mail.Route;
import dev.moat.delivery.NextHops;
import dev.moat.router.Router;
import dev.moat.router.RouterTable;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The node's side of the admin server for tests: a real member's documents and statuses, a
 * readiness a test can set, fixed metrics and versions, a validator that refuses every line
 * containing {@code invalid}, and an address status that calls everyone a Stranger.
 */
final class TestBackend implements AdminBackend {

    static final String METRICS = "# TYPE moat_up gauge\nmoat_up 1.0\n";

    private final DocumentStore documents;
    private final Supplier<List<MemberStatus>> statuses;
    volatile Readiness readiness = new Readiness(true, Map.of("cluster", "joined"));

    TestBackend(DocumentStore documents, Supplier<List<MemberStatus>> statuses) {
        this.documents = documents;
        this.statuses = statuses;
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public String scrapeMetrics() {
        return METRICS;
    }

    @Override
    public DocumentStore documents() {
        return documents;
    }

    @Override
    public Set<String> documentNames() {
        return Set.of("settings");
    }

    @Override
    public DocumentValidator validator() {
        return (name, text) -> {
            List<ValidationError> errors = new ArrayList<>();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("invalid")) {
                    errors.add(new ValidationError(i + 1, "line " + (i + 1) + " of " + name + " is invalid"));
                }
            }
            return errors;
        };
    }

    @Override
    public Map<String, Object> nodeVersions() {
        return Map.of("serverSettings", "server-3", "documents", Map.of("settings", 0));
    }

    @Override
    public Map<String, Object> settingsReport() {
        return Map.of("node", "test-node", "serverVersion", "server-3");
    }

    private Directory directory = Directory.empty();
    private long directoryVersion;

    @Override
    public synchronized Directory directory() {
        return directory;
    }

    @Override
    public synchronized long editDirectory(UnaryOperator<Directory> change, String updatedBy) {
        var changed = change.apply(directory);
        directory = Directory.parse(changed.render()).value();
        return ++directoryVersion;
    }

    /** Routes with the chapter's joe table, {@code mydomain.example} being local. */
    @Override
    public Route route(String address) {
        var table = RouterTable.parse("Relay:<joe> = joe@otherdomain.example\n"
                + "otherdomain.example = otherdomain.example@relay.example\n", "cluster").table();
        return new Router(table, "mydomain.example"::equals).route(address);
    }

    /** Relay mode, with {@code relay.example} a named next hop. */
    @Override
    public NextHops nextHops() {
        var settings = ServerSettings.parse("""
                local-domains: [mydomain.example]
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:2525"
                  relay-host: "127.0.0.1:2587"
                  next-hops:
                    relay.example: "[::1]:2526"
                """, new HostFacts("mx.moat.test")).value();
        return NextHops.of(EffectiveSettings.build(settings, ClusterSettings.empty(), 0));
    }

    @Override
    public List<MemberStatus> memberStatuses() {
        return statuses.get();
    }

    @Override
    public Map<String, Object> addressStatus(IpAddress address) {
        return Map.of("address", address.toString(), "status", "Stranger", "line", "[" + address + "] is Stranger");
    }
}
