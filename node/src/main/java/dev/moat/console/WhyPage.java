package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * "Why" for one address, from the API's {@code why} route: its status and reason now (the
 * Test Address classifier), every line of both layers' address lists that holds it, its
 * Temporary Client entry, its temporary list entries, what its newest session on any member
 * saw, and its newest decisions on every member, with the members that did not answer. An
 * address in, a GET form: it changes nothing.
 */
final class WhyPage implements ConsolePage {

    @Override
    public String path() {
        return "decisions/why";
    }

    @Override
    public String title() {
        return "Why an address";
    }

    @Override
    public String group() {
        return "Decisions";
    }

    @Override
    public PageResult get(PageContext context) {
        String address = context.query().value("address").strip();
        Html result = address.isEmpty() ? Html.EMPTY
                : !Api.segment(address) ? Parts.notice("error", "Give one IP address, such as 192.0.2.7 or 2001:db8::7.")
                : result(context.api().get("/api/v1/why/" + address));
        return PageResult.page(Html.render("""
                <h1>Why an address</h1>
                <p>Everything the cluster knows about one address: what it is now and why, the list lines that hold it, its temporary entries, what its newest session saw, and its newest decisions on every member.</p>
                <form method="get" action="{{action}}" class="inline" role="search" aria-label="Why an address">
                <label for="why-address">IP address</label>
                <input id="why-address" name="address" value="{{address}}" autocomplete="off" placeholder="192.0.2.7">
                <button type="submit">Why</button>
                </form>
                <div id="why-result">{{result}}</div>
                """, "action", context.self(), "address", address, "result", result));
    }

    private static Html result(Api.Answer answer) {
        if (!answer.ok()) {
            return Parts.notice("error", answer.error());
        }
        JsonNode json = answer.json();
        List<List<Html>> lines = new ArrayList<>();
        for (JsonNode line : json.path("listLines")) {
            lines.add(List.of(Html.text(Parts.text(line.path("list"))), Html.text(Parts.text(line.path("layer"))),
                    Html.text(Parts.text(line.path("line"))), Html.render("<code>{{e}}</code>", "e", Parts.text(line.path("entry")))));
        }
        List<List<Html>> entries = new ArrayList<>();
        for (JsonNode entry : json.path("temporaryEntries")) {
            entries.add(List.of(Html.text(Parts.text(entry.path("list"))), Html.text(Parts.text(entry.path("reason"))),
                    Html.text(Parts.text(entry.path("node"))), Html.text(Parts.text(entry.path("start"))),
                    Html.text(Parts.text(entry.path("expiry"))), Html.text(Parts.text(entry.path("counters")))));
        }
        JsonNode seen = json.path("lastSeen");
        JsonNode client = json.path("temporaryClient");
        return Html.render("""
                <p class="status-line" id="why-line"><strong>{{line}}</strong></p>
                {{facts}}
                {{lines}}
                {{entries}}
                {{decisions}}
                {{members}}
                """, "line", Parts.text(json.path("line")), "facts", Parts.facts(List.of(
                        new String[] {"Reason now", Parts.text(json.path("reason"))},
                        new String[] {"Temporary Client", client.isObject() ? "until " + Parts.text(client.path("until")) + ": "
                                + Parts.text(client.path("reason")) : "no"},
                        new String[] {"Newest session", seen.isObject() ? Parts.text(seen.path("time")) + " on " + Parts.text(seen.path("node"))
                                + " (ref " + Parts.text(seen.path("ref")) + "): " + Parts.text(seen.path("status")) + ", "
                                + Parts.text(seen.path("reason")) + (seen.path("reverseName").isTextual()
                                        ? "; reverse name " + seen.path("reverseName").asText() : "")
                                : "none remembered"})),
                "lines", Parts.table("Address list lines holding it", List.of("List", "Layer", "Line", "Entry"), lines),
                "entries", Parts.table("Temporary list entries", List.of("List", "Reason", "Node", "Start", "Expiry", "Counters"), entries),
                "decisions", DecisionsPage.table("Its newest decisions, newest first", json.path("decisions")),
                "members", DecisionsPage.members(json));
    }
}
