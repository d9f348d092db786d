package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The chapter's "Verify HELO and Return-Path" option and SPF (RFC 7208) at MAIL FROM.
 * {@code verify-return-path} is server-wide only; {@code spf} and {@code spf-permerror} exist
 * in both layers (the server's file wins where it writes a key, then the cluster-wide
 * document, then the defaults), so each has its cluster-wide editor (one plain value) and its
 * value in effect.
 */
final class ReturnPathPage implements ConsolePage {
    private final DocumentEditor spf = DocumentEditor.scalar("settings", "spf", "Cluster-wide spf");
    private final DocumentEditor permerror = DocumentEditor.scalar("settings", "spf-permerror", "Cluster-wide spf-permerror");

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
        return PageResult.page(render(context, spf.load(context.api()), permerror.load(context.api())));
    }

    @Override
    public PageResult post(PageContext context) {
        boolean first = context.form().value("field").equals(spf.field());
        DocumentEditor editor = first ? spf : permerror;
        return SettingsPage.save(context, editor, state -> first
                ? render(context, state, permerror.load(context.api()))
                : render(context, spf.load(context.api()), state));
    }

    private Html render(PageContext context, DocumentEditor.State spfState, DocumentEditor.State permerrorState) {
        JsonNode report = SettingsPage.report(context.api());
        boolean on = report.path("verifyReturnPath").asBoolean();
        JsonNode layers = report.path("spf");
        String hint = "One of off, header, reject-fail, reject-softfail; empty for the default (the server's file wins where it writes the key).";
        return Html.render("""
                <h1>Return-Path, HELO and SPF</h1>
                <p>At MAIL FROM the Return-Path goes through the Router first (an error target refuses it, a known address passes without DNS); with <code>verify-return-path</code> its domain must be able to receive replies (MX hosts with addresses, or an address), a null MX refuses, DNS trouble is a 451; the same option checks the HELO: a valid name or the client's own literal, never this node's name from a Stranger. Then SPF judges a Stranger's Return-Path domain.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(List.of(
                        new String[] {"verify-return-path (server-wide only)", on ? "true" : "false"},
                        new String[] {"spf", written(layers.path("server").path("spf"))},
                        new String[] {"spf-permerror", written(layers.path("server").path("spf-permerror"))}))),
                "cluster", Parts.clusterSection(Html.join(List.of(
                        Html.render("<p><code>verify-return-path</code> has no cluster-wide layer: each node's file sets it.</p>"),
                        spf.form(context, spfState, hint),
                        permerror.form(context, permerrorState, "header or reject: what a permerror does in the refusing modes.")))),
                "effective", Parts.effectiveSection(on ? "Return-Path and HELO are verified by DNS."
                        : "Only the Router's Return-Path checks run; no DNS verification, no HELO checks.", Parts.facts(List.of(
                        new String[] {"spf", Parts.text(layers.path("effective").path("spf"))},
                        new String[] {"spf-permerror", Parts.text(layers.path("effective").path("spf-permerror"))}))));
    }

    private static String written(JsonNode value) {
        return value.isTextual() ? value.asText() : "(not written)";
    }
}
