package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The chapter's "Verify HELO and Return-Path" option: server-wide only, so the page shows this
 * node's value read-only, says there is no cluster-wide layer, and what the checks do.
 */
final class ReturnPathPage implements ConsolePage {

    @Override
    public String path() {
        return "mail/return-path";
    }

    @Override
    public String title() {
        return "Return-Path and HELO";
    }

    @Override
    public String group() {
        return "Mail";
    }

    @Override
    public PageResult get(PageContext context) {
        JsonNode report = SettingsPage.report(context.api());
        boolean on = report.path("verifyReturnPath").asBoolean();
        return PageResult.page(Html.render("""
                <h1>Return-Path and HELO</h1>
                <p>At MAIL FROM the Return-Path goes through the Router first (an error target refuses it, a known address passes without DNS); with the option on, its domain must be able to receive replies (MX hosts with addresses, or an address), a null MX refuses, DNS trouble is a 451. The same option checks the HELO: a valid name or the client's own literal, never this node's name from a Stranger.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(List.<String[]>of(
                        new String[] {"verify-return-path", on ? "true" : "false"}))),
                "cluster", Parts.clusterSection(Html.render("<p>This option has no cluster-wide layer: each node's file sets it.</p>")),
                "effective", Parts.effectiveSection(on ? "Return-Path and HELO are verified by DNS."
                        : "Only the Router's Return-Path checks run; no DNS verification, no HELO checks.", Html.EMPTY)));
    }
}
