package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's Test Address panel on the network pages: an address in (a GET form, so it
 * changes nothing), and this node's answer out, from the API's {@code address-status} route:
 * the status line ({@code [192.0.2.7](name) is Blacklisted}), the reason (the list, layer
 * and line that decided; the zone and its answer), the reverse name, and the RBL zones in the order they decide with
 * their health.
 */
final class TestAddressPanel {
    static final String FIELD = "test";

    private TestAddressPanel() {
    }

    static Html render(PageContext context) {
        String address = context.query().value(FIELD).strip();
        Html result = address.isEmpty() ? Html.EMPTY
                : !Api.segment(address) ? Parts.notice("error", "Give one IP address, such as 192.0.2.7 or 2001:db8::7.")
                : result(context.api().get("/api/v1/address-status/" + address));
        return Html.render("""
                <section id="test-address" aria-labelledby="test-address-title" class="panel">
                <h2 id="test-address-title">Test Address</h2>
                <form method="get" action="{{action}}#test-address" class="inline">
                <label for="test-address-input">IP address</label>
                <input id="test-address-input" name="test" value="{{address}}" inputmode="text" autocomplete="off" placeholder="192.0.2.7">
                <button type="submit">Test</button>
                </form>
                <div id="test-address-result" aria-live="polite">{{result}}</div>
                </section>
                """, "action", context.self(), "address", address, "result", result);
    }

    private static Html result(Api.Answer answer) {
        if (!answer.ok()) {
            return Parts.notice("error", answer.error());
        }
        JsonNode json = answer.json();
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Status", Parts.text(json.path("status"))});
        facts.add(new String[] {"Reason", Parts.text(json.path("reason"))});
        facts.add(new String[] {"Reverse name", json.path("reverseName").isTextual() ? json.path("reverseName").asText()
                : "(none looked up)"});
        facts.add(new String[] {"Prefix", json.path("prefix").isTextual() ? json.path("prefix").asText() : "(none)"});
        facts.add(new String[] {"Debug list", json.path("debug").asBoolean() ? "yes: its sessions are logged" : "no"});
        JsonNode versions = json.path("settingsVersions");
        facts.add(new String[] {"Answered by", Parts.text(json.path("node")) + " on server-wide settings "
                + Parts.text(versions.path("server")) + " and cluster-wide settings version " + Parts.text(versions.path("settings"))});
        List<List<Html>> zones = new ArrayList<>();
        for (JsonNode zone : json.path("rblZones")) {
            zones.add(List.of(Html.text(Parts.text(zone.path("zone"))),
                    Html.text(zone.path("allowList").asBoolean() ? "allow-list" : "blacklist"),
                    Html.text(zone.path("healthy").asBoolean() ? "healthy" : "unhealthy: " + Parts.text(zone.path("problem")))));
        }
        return Html.render("""
                <p class="status-line" id="test-address-line"><strong>{{line}}</strong></p>
                {{facts}}
                {{zones}}
                """, "line", Parts.text(json.path("line")), "facts", Parts.facts(facts),
                "zones", Parts.table("RBL zones, in the order they decide", List.of("Zone", "Kind", "Health"), zones));
    }
}
