package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's "Verify HELO and Return-Path" option and SPF (RFC 7208) at MAIL FROM.
 * {@code verify-return-path} is server-wide only; {@code spf}, {@code spf-permerror} and
 * {@code spf-temperror} exist in both layers (the server's file wins where it writes a key,
 * then the cluster-wide document, then the defaults), so each has its cluster-wide editor (one
 * plain value) and its value in effect.
 */
final class ReturnPathPage implements ConsolePage {
    private static final List<String[]> KEYS = List.of(
            new String[] {"spf", "One of off, header, reject-fail, reject-softfail; empty for the default."},
            new String[] {"spf-permerror", "header or reject: what a permerror does in the refusing modes; empty for the default."},
            new String[] {"spf-temperror", "defer (451 4.7.24) or header: what a temperror does; empty for the default."});
    private final List<DocumentEditor> editors = KEYS.stream()
            .map(key -> DocumentEditor.scalar("settings", key[0], "Cluster-wide " + key[0])).toList();

    @Override
    public String path() {
        return "mail/return-path";
    }

    @Override
    public String title() {
        return "Return-Path, HELO and SPF";
    }

    @Override
    public String group() {
        return "Mail";
    }

    @Override
    public PageResult get(PageContext context) {
        return PageResult.page(render(context, -1, null));
    }

    @Override
    public PageResult post(PageContext context) {
        for (int i = 0; i < editors.size(); i++) {
            if (editors.get(i).field().equals(context.form().value("field"))) {
                int refused = i;
                return SettingsPage.save(context, editors.get(i), state -> render(context, refused, state));
            }
        }
        return PageResult.page(400, render(context, -1, null));
    }

    /** The page, with editor {@code refused} showing {@code state} (a refused save) and the others as stored now. */
    private Html render(PageContext context, int refused, DocumentEditor.State state) {
        JsonNode report = SettingsPage.report(context.api());
        boolean on = report.path("verifyReturnPath").asBoolean();
        JsonNode layers = report.path("spf");
        List<String[]> server = new ArrayList<>();
        server.add(new String[] {"verify-return-path (server-wide only)", on ? "true" : "false"});
        List<String[]> effective = new ArrayList<>();
        List<Html> forms = new ArrayList<>();
        forms.add(Html.render("<p><code>verify-return-path</code> has no cluster-wide layer: each node's file sets it.</p>"));
        for (int i = 0; i < editors.size(); i++) {
            String key = KEYS.get(i)[0];
            JsonNode written = layers.path("server").path(key);
            server.add(new String[] {key, written.isTextual() ? written.asText() : "(not written)"});
            effective.add(new String[] {key, Parts.text(layers.path("effective").path(key))});
            forms.add(editors.get(i).form(context, i == refused ? state : editors.get(i).load(context.api()), KEYS.get(i)[1]));
        }
        return Html.render("""
                <h1>Return-Path, HELO and SPF</h1>
                <p>At MAIL FROM the Return-Path goes through the Router first (an error target refuses it, a known address passes without DNS); with <code>verify-return-path</code> its domain must be able to receive replies (MX hosts with addresses, or an address), a null MX refuses, DNS trouble is a 451; the same option checks the HELO: a valid name or the client's own literal, never this node's name from a Stranger. Then SPF judges a Stranger's Return-Path domain.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(server)),
                "cluster", Parts.clusterSection(Html.join(forms)),
                "effective", Parts.effectiveSection((on ? "Return-Path and HELO are verified by DNS."
                        : "Only the Router's Return-Path checks run; no DNS verification, no HELO checks.")
                        + " SPF: the server's file where it writes a key, then the cluster-wide document, then the defaults.",
                        Parts.facts(effective)));
    }
}
