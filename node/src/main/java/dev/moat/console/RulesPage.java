package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's Server-Wide Rules ("Filtering Mail"): the rules of this node's file by name
 * (read-only), the cluster document {@code rules} (the whole YAML, editable: a rule that does not
 * parse refuses the whole document with its line, and the running rules stay), and every rule
 * in the order it runs at the end of DATA, the server's first.
 */
final class RulesPage {
    private final DocumentEditor editor = DocumentEditor.whole("rules", "Cluster-wide rules (YAML)");

    private RulesPage() {
    }

    static ConsolePage page() {
        RulesPage page = new RulesPage();
        return new EditorPage("content/rules", "Rules", "Content", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode rules = SettingsPage.report(context.api()).path("rules");
        return Html.render("""
                <h1>Rules</h1>
                <p>When a message is complete, each rule whose conditions (<code>when</code>) all hold takes its actions (<code>then</code>) in order: reject, discard, redirect, add-recipients, add-header, tag-subject, stop, execute. See the README's Rules section for every condition and action.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Html.render(
                        "<p class=\"note\">From this node's settings file, key <code>rules</code>. Read-only here: change the file.</p>{{t}}",
                        "t", table("Rules of the file", rules.path("server")))),
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "A rules: list as in the file, such as rules: [{name: no-to, when: [{header: {name: To, missing: true}}], then: [{reject: No To}]}].")),
                "effective", Parts.effectiveSection("The server's rules first, then the cluster document's, in the order written.",
                        table("Rules in the order they run", rules.path("effective"))));
    }

    private static Html table(String caption, JsonNode rules) {
        List<List<Html>> rows = new ArrayList<>();
        int n = 1;
        for (JsonNode rule : rules) {
            rows.add(List.of(Html.text(n++), Html.render("<code>{{r}}</code>", "r", Parts.text(rule.path("name"))),
                    Html.text(Parts.text(rule.path("where"))), Html.text(Parts.text(rule.path("conditions"))),
                    Html.text(Parts.text(rule.path("actions")))));
        }
        return Parts.table(caption, List.of("#", "Name", "Written at", "Conditions", "Actions"), rows);
    }
}
