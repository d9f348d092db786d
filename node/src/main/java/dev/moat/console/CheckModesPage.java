package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each check's mode ({@code decisions.modes}): enforce, monitor, tempfail or tag, by check name
 * or by check name and what matched ({@code blacklist/zen.example}). The server-wide modes of
 * this node's file (read-only), the cluster-wide {@code decisions} section of the {@code
 * settings} document (YAML, editable, with the impact preview before saving), and the modes in
 * effect: the file's, each key the cluster-wide document gives replaced.
 */
final class CheckModesPage {
    private final DocumentEditor editor = DocumentEditor.key("settings", "decisions", "Cluster-wide decisions section (YAML)", false);

    private CheckModesPage() {
    }

    static ConsolePage page() {
        CheckModesPage page = new CheckModesPage();
        return new EditorPage("decisions/modes", "Check modes", "Decisions", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode modes = SettingsPage.report(context.api()).path("decisionModes");
        return Html.render("""
                <h1>Check modes</h1>
                <p>Every check that can refuse has a mode: <strong>enforce</strong> (the default) sends the refusal; <strong>monitor</strong> lets the session go on and records what would have happened (outcome would-reject); <strong>tempfail</strong> sends the 4xx counterpart of a 5xx; <strong>tag</strong> lets the mail pass with an X-Moat-Would-Refuse header. A key is a check's name (helo, blacklist, relay, router, return-path, return-path-dns, spamtrap, next-hops, denied, temporary-block, protocol-errors, rules, reverse-connect, spf, banned-lines) or its name, / and what matched (blacklist/zen.example, blacklist/blacklisted-addresses, a rule's name), which wins. Roll a new list out in monitor, watch its decisions, then switch it to enforce.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Html.render(
                        "<p class=\"note\">From this node's settings file, key <code>decisions.modes</code>. Read-only here.</p>{{m}}",
                        "m", Parts.fields(modes.path("server"), "(none: every check enforces)"))),
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "YAML under decisions: such as modes: {blacklist/rbl.example: monitor, relay: enforce}. Only modes is cluster-wide.")),
                "effective", Parts.effectiveSection("The server-wide modes, each key the cluster-wide document gives replaced by its mode;"
                        + " a check without a key enforces.", Parts.fields(modes.path("effective"), "(none: every check enforces)")));
    }
}
