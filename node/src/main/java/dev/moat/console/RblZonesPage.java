package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's "Using DNS-based Blacklisting (RBL)" and "Processing Messages from Blacklisted
 * Addresses": the server-wide zones of this node's file, the cluster-wide {@code rbl-zones} of
 * the {@code settings} document (YAML, editable), the zones in the order they decide (the
 * server's first) with their health, the resolver's settings, and what happens to mail from a
 * Blacklisted address (server-wide only).
 */
final class RblZonesPage {
    private static final String KEY = "rbl-zones";
    private final DocumentEditor editor = DocumentEditor.key("settings", KEY, "Cluster-wide RBL zones (YAML)", false);

    private RblZonesPage() {
    }

    static ConsolePage page() {
        RblZonesPage page = new RblZonesPage();
        return new EditorPage("network/rbl-zones", "RBL zones", "Network", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode report = SettingsPage.report(context.api());
        JsonNode zones = report.path("rblZones");
        List<List<Html>> effective = new ArrayList<>();
        int n = 1;
        for (JsonNode zone : zones.path("effective")) {
            effective.add(List.of(Html.text(n++), Html.text(Parts.text(zone.path("zone"))),
                    Html.text(zone.path("allowList").asBoolean() ? "allow-list" : "blacklist"),
                    Html.render("<span class=\"{{c}}\">{{t}}</span>", "c", zone.path("healthy").asBoolean() ? "good" : "bad",
                            "t", zone.path("healthy").asBoolean() ? "healthy" : "unhealthy: " + Parts.text(zone.path("problem")))));
        }
        JsonNode dns = report.path("dns");
        return Html.render("""
                <h1>RBL zones</h1>
                <p>DNS blacklists and allow-lists asked for each Stranger when it connects, all at once; the greeting waits for them within a deadline. A zone that fails its RFC 5782 test points or answers with its error codes is unhealthy and skipped.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                {{blacklisted}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.serverValue(Parts.lines(zones.path("server")), KEY),
                "cluster", Parts.clusterSection(editor.form(context, state, "A YAML list of zones, each with zone, and optionally allow-list, answers, mask, servers, key-file (a file on every node; the key is never shown).")),
                "effective", Parts.effectiveSection("The server's own zones first, then the cluster-wide ones; the first that lists an address decides.",
                        Html.join(List.of(Parts.table("Zones in the order they decide", List.of("#", "Zone", "Kind", "Health"), effective),
                        Parts.facts(List.of(
                        new String[] {"DNS servers (dns.servers)", dns.path("servers").isEmpty() ? "the system's" : Parts.lines(dns.path("servers")).strip()},
                        new String[] {"Timeout and tries", Parts.text(dns.path("timeout")) + ", " + Parts.text(dns.path("tries")) + " tries"},
                        new String[] {"Zone health tested every", Parts.text(dns.path("zoneHealthInterval"))},
                        new String[] {"Unhealthy zones skipped", dns.path("skipUnhealthyZones").asBoolean() ? "yes" : "no"}))))),
                "blacklisted", Parts.section("blacklisted-processing", "Processing messages from Blacklisted addresses", Html.render(
                        "<p class=\"note\">Server-wide only (keys <code>blacklisted-action</code>, <code>blacklisted-header</code>); read-only here.</p>{{facts}}",
                        "facts", Parts.facts(List.of(
                                new String[] {"Action", Parts.text(report.path("blacklistedAction"))},
                                new String[] {"Header added (add-header)", Parts.text(report.path("blacklistedHeader"))})))));
    }
}
