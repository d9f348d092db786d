package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Router: the server-wide records of this node's file, the cluster document {@code router}
 * (the whole table as text, editable), the records in the order they are tried (the server's
 * first), and the Route panel, which shows every step and the next hop for one address.
 */
final class RouterPage {
    private final DocumentEditor editor = DocumentEditor.whole("router", "Cluster-wide Router table");

    private RouterPage() {
    }

    static ConsolePage page() {
        RouterPage page = new RouterPage();
        return new EditorPage("mail/router", "Router", "Mail", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode router = SettingsPage.report(context.api()).path("router");
        List<List<Html>> records = new ArrayList<>();
        int n = 1;
        for (JsonNode record : router.path("effective")) {
            records.add(List.of(Html.text(n++), Html.render("<code>{{r}}</code>", "r", Parts.text(record))));
        }
        return Html.render("""
                <h1>Router</h1>
                <p>Every recipient and every Return-Path goes through the Router: address records, the main-domain cut-off, domain records, repeated until none applies. Relay: and RelayAll: set the can-relay marker; error, spamtrap and null are special targets.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                {{route}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.serverValue(Parts.lines(router.path("server")), "router"),
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "One record a line, such as Relay:<joe> = joe@otherdomain.example or spammer.example = error; ; starts a comment.")),
                "effective", Parts.effectiveSection("The server's own records are tried first, then the cluster-wide ones; an exact address record wins over wildcards.",
                        Parts.table("Records in the order they are tried", List.of("#", "Record (where it is written)"), records)),
                "route", RoutePanel.render(context));
    }
}
