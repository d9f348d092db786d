package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.ListKind;
import dev.moat.policy.NameListKind;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.SettingsResult;

/**
 * One list of the chapter's Network settings: a network address list (Client, LAN, Denied,
 * Blacklisted, White Hole, Debug) or a DNS-name list (Client, Blacklist and White Holes by DNS
 * name). It shows the server-wide list of this node's file, the cluster-wide list (the key of
 * the {@code settings} document, editable), what is in effect (an address or name is listed
 * if either layer lists it), and the Test Address panel.
 */
final class AddressListPage {
    private final ListKind kind;
    private final boolean names;
    private final String about;

    private AddressListPage(ListKind kind, boolean names, String about) {
        this.kind = kind;
        this.names = names;
        this.about = about;
    }

    static ConsolePage addresses(AddressListKind kind, String about) {
        return new AddressListPage(kind, false, about).page();
    }

    static ConsolePage names(NameListKind kind, String about) {
        return new AddressListPage(kind, true, about).page();
    }

    private ConsolePage page() {
        return new EditorPage("network/" + kind.key(), kind.title(), "Network", editor(), this::load, this::render);
    }

    private DocumentEditor editor() {
        return DocumentEditor.key("settings", kind.key(), "Cluster-wide " + kind.title(), true);
    }

    /** The editor's form: the list as the cluster-wide document holds it now. */
    private DocumentEditor.State load(Api api) {
        Documents.Loaded loaded = Documents.load(api, "settings");
        return DocumentEditor.State.loaded(clusterValue(loaded.text()), loaded.version());
    }

    /** The list as the cluster-wide document holds it, read by the settings parser itself. */
    private String clusterValue(String document) {
        SettingsResult<ClusterSettings> parsed = ClusterSettings.parse(document);
        if (!parsed.ok()) {
            return YamlKeyBlock.value(document, kind.key());
        }
        return names ? parsed.value().lists().names((NameListKind) kind).text()
                : parsed.value().lists().get((AddressListKind) kind).text();
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode report = SettingsPage.report(context.api());
        JsonNode row = find(report.path(names ? "nameLists" : "addressLists"));
        String hint = names
                ? "One template a line, * for any run of characters, matched without regard to case against the reverse name; ; starts a comment."
                : "One entry a line: an address, a range a-b, a prefix a/n, an exclusion !entry; ; starts a comment.";
        return Html.render("""
                <h1>{{title}}</h1>
                <p>{{about}}</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                {{test}}
                """, "title", kind.title(), "about", about, "switch", Parts.layerSwitch(),
                "server", Parts.serverValue(Parts.text(row.path("server")), kind.key()),
                "cluster", Parts.clusterSection(editor().form(context, state, hint)),
                "effective", Parts.effectiveSection(rule(row), names ? Html.EMPTY : Parts.facts(java.util.List.of(
                        new String[] {"Server-wide entries", Parts.text(row.path("serverEntries"))},
                        new String[] {"Cluster-wide entries (applied, settings version " + Parts.text(report.path("settingsVersion")) + ")",
                                Parts.text(row.path("clusterEntries"))}))),
                "test", TestAddressPanel.render(context));
    }

    private String rule(JsonNode row) {
        if (!names) {
            return "Listed if listed in either layer: the cluster-wide list extends the server-wide one, and neither can take an address off the other.";
        }
        boolean clusterOn = !Parts.text(row.path("cluster")).isBlank();
        return "The cluster-wide list extends the server-wide one as soon as it holds a template (the chapter's option on the cluster-wide page): it is "
                + (clusterOn ? "on" : "off, holding no template") + ". A name grants Client or White Hole only when it resolves back to the address; any name can blacklist.";
    }

    private JsonNode find(JsonNode rows) {
        for (JsonNode row : rows) {
            if (kind.key().equals(row.path("key").asText())) {
                return row;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
