package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chapter's Reverse Connect (the sender callout, {@code callout}): the section of this
 * node's file (read-only), the {@code callout} section of the cluster-wide {@code settings}
 * document (YAML, editable), and the values in effect: on when either layer enables it, every
 * other value from the cluster-wide section when the document holds one, else the file's.
 */
final class ReverseConnectPage {
    private final DocumentEditor editor = DocumentEditor.key("settings", "callout", "Cluster-wide callout section (YAML)", false);

    private ReverseConnectPage() {
    }

    static ConsolePage page() {
        ReverseConnectPage page = new ReverseConnectPage();
        return new EditorPage("mail/reverse-connect", "Reverse Connect", "Mail", page.editor, page::render);
    }

    private Html render(PageContext context, DocumentEditor.State state) {
        JsonNode callout = SettingsPage.report(context.api()).path("callout");
        return Html.render("""
                <h1>Reverse Connect</h1>
                <p>At MAIL FROM, after the Return-Path checks, Moat asks the Return-Path domain's own mail server whether it would take mail for the sender (EHLO, MAIL FROM:&lt;&gt;, RCPT TO:&lt;the sender&gt;). A 5xx refuses the Return-Path with 550 5.1.7; anything else uncertain is a 451. Never for the null sender, a Client, a Temporary Client, an authenticated session or an address the Router knows. Answers are remembered by the whole cluster.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Html.render(
                        "<p class=\"note\">From this node's settings file, key <code>callout</code>. Read-only here: change the file.</p>{{f}}",
                        "f", Parts.fields(callout.path("server"), "(the defaults)"))),
                "cluster", Parts.clusterSection(editor.form(context, state,
                        "YAML under callout: such as enabled: true, port: 25, connect-timeout: 5s, reply-timeout: 10s, total-timeout: 20s, "
                                + "accepted-lifetime: 1d, refused-lifetime: 2h, max-per-domain: 5.")),
                "effective", Parts.effectiveSection(callout.path("cluster").isObject()
                        ? "On when either layer enables it; every other value from the cluster-wide section."
                        : "The cluster-wide document holds no callout section: the file's values.",
                        Parts.fields(callout.path("effective"), "(the defaults)")));
    }
}
