package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The chapter's "Temporarily Blocked Addresses" settings: in a cluster only the cluster-wide
 * ones are in effect, so the page edits the {@code temporary-blocking} section of the
 * {@code settings} document (YAML) and shows the values this node runs; there is no
 * server-wide layer.
 */
final class TemporaryBlockingPage {
    private static final String KEY = "temporary-blocking";
    private final DocumentEditor editor = DocumentEditor.key("settings", KEY, "Cluster-wide temporary blocking settings (YAML)", false);

    private TemporaryBlockingPage() {
    }

    static ConsolePage page() {
        TemporaryBlockingPage page = new TemporaryBlockingPage();
        return new EditorPage("network/temporary-blocking", "Temporary blocking", "Network", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode blocking = SettingsPage.report(context.api()).path("temporaryBlocking");
        return Html.render("""
                <h1>Temporary blocking</h1>
                <p>A user who logs in with the Relay service makes the address a Temporary Client for the UnBlocking Time, on every node; at most the limit of addresses are Temporary Clients at once.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Html.render(
                        "<p>None: in a cluster only the cluster-wide Temporarily Blocked Addresses settings are in effect (the chapter).</p>")),
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "YAML keys such as unblocking-time: 30m and unblockable-addresses-limit: 10000.")),
                "effective", Parts.effectiveSection("The cluster-wide values, on every node:", Parts.facts(List.of(
                        new String[] {"UnBlocking Time (unblocking-time)", Parts.text(blocking.path("unblockingTime"))},
                        new String[] {"Unblockable addresses at most (unblockable-addresses-limit)",
                                Parts.text(blocking.path("unblockableAddressesLimit"))}))));
    }
}
