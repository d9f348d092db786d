package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery and next hops: the mode, the next hop of local mail, the relay host, the hosts
 * routes may name with the next hop of each, and the client's timeouts and pool, all
 * server-wide (the {@code delivery} section, read-only); with the Route panel, which tells the
 * next hop of one address.
 */
final class DeliveryPage implements ConsolePage {

    @Override
    public String path() {
        return "mail/delivery";
    }

    @Override
    public String title() {
        return "Delivery and next hops";
    }

    @Override
    public String group() {
        return "Mail";
    }

    @Override
    public PageResult get(PageContext context) {
        JsonNode delivery = SettingsPage.report(context.api()).path("delivery");
        List<List<Html>> hops = new ArrayList<>();
        delivery.path("nextHops").fields().forEachRemaining(hop ->
                hops.add(List.of(Html.text(hop.getKey()), Html.text(Parts.text(hop.getValue())))));
        boolean relay = "relay".equals(delivery.path("mode").asText());
        return PageResult.page(Html.render("""
                <h1>Delivery and next hops</h1>
                <p class="note">Server-wide only: the <code>delivery</code> section of this node's settings file, read-only here.</p>
                {{switch}}
                {{server}}
                {{cluster}}
                {{effective}}
                {{hops}}
                {{route}}
                """, "switch", Parts.layerSwitch(),
                "server", Parts.section("server-wide", "Server-wide settings", Parts.facts(List.of(
                        new String[] {"Mode (delivery.mode)", relay ? "relay: each message is handed to its next hop before the 250"
                                : "spool: each message is written to " + Parts.text(delivery.path("spoolDir"))},
                        new String[] {"Next hop of local mail (next-hop)", orNone(delivery.path("nextHop"))},
                        new String[] {"Relay host (relay-host)", delivery.path("relayHost").isTextual()
                                ? delivery.path("relayHost").asText() : "the next hop"},
                        new String[] {"Timeouts: connect, command, data", Parts.text(delivery.path("connectTimeout")) + ", "
                                + Parts.text(delivery.path("commandTimeout")) + ", " + Parts.text(delivery.path("dataTimeout"))},
                        new String[] {"Connections per next hop, idle timeout", Parts.text(delivery.path("maxConnections")) + ", "
                                + Parts.text(delivery.path("idleTimeout"))}))),
                "cluster", Parts.clusterSection(Html.render("<p>Delivery has no cluster-wide layer.</p>")),
                "effective", Parts.effectiveSection("The server-wide values above.", Html.EMPTY),
                "hops", Parts.table("Hosts routes may name (delivery.next-hops)", List.of("Host", "Next hop"), hops),
                "route", RoutePanel.render(context)));
    }

    private static String orNone(JsonNode value) {
        return value.isTextual() ? value.asText() : "(none)";
    }
}
