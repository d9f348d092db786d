package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Route panel: an address in (a GET form), and where this node's Router sends it, from
 * the API's {@code route} route: every step with the record applied and the can-relay marker
 * after it, the outcome, then the next hop and the address it receives, for a Stranger and for
 * a Client or a user with Relay.
 */
final class RoutePanel {
    static final String FIELD = "route";

    private RoutePanel() {
    }

    static Html render(PageContext context) {
        String address = context.query().value(FIELD).strip();
        Html result = address.isEmpty() ? Html.EMPTY : result(context.api().get("/api/v1/route", "address", address));
        return Html.render("""
                <section id="route" aria-labelledby="route-title" class="panel">
                <h2 id="route-title">Route an address</h2>
                <form method="get" action="{{action}}#route" class="inline">
                <label for="route-input">E-mail address</label>
                <input id="route-input" name="route" value="{{address}}" autocomplete="off" placeholder="joe@mydomain.example">
                <button type="submit">Route</button>
                </form>
                <div id="route-result" aria-live="polite">{{result}}</div>
                </section>
                """, "action", context.self(), "address", address, "result", result);
    }

    private static Html result(Api.Answer answer) {
        if (!answer.ok()) {
            return Parts.notice("error", answer.error());
        }
        JsonNode json = answer.json();
        List<List<Html>> steps = new ArrayList<>();
        int n = 1;
        for (JsonNode step : json.path("steps")) {
            steps.add(List.of(Html.text(n++), Html.text(Parts.text(step.path("operation"))),
                    Html.text(Parts.text(step.path("record"))), Html.text(Parts.text(step.path("address"))),
                    Html.text(step.path("marker").asBoolean() ? "YES" : "NO")));
        }
        String outcome = Parts.text(json.path("outcome")) + (json.path("host").isTextual() ? " via " + json.path("host").asText() : "")
                + (json.path("canRelay").asBoolean() ? ", can relay" : "")
                + (json.path("errorText").isTextual() ? ": " + json.path("errorText").asText() : "");
        return Html.render("""
                {{steps}}
                <p id="route-outcome"><strong>Outcome:</strong> {{outcome}}</p>
                {{hops}}
                """, "steps", Parts.table("Router steps", List.of("#", "Step", "Record", "Address", "Marker"), steps),
                "outcome", outcome, "hops", Parts.facts(List.of(
                        new String[] {"Next hop for a Stranger", hop(json.path("nextHop"))},
                        new String[] {"Next hop for a Client or a user with Relay", hop(json.path("clientNextHop"))})));
    }

    private static String hop(JsonNode hop) {
        if (hop.path("refused").isTextual()) {
            return "refused with " + hop.path("refused").asText() + ": " + Parts.text(hop.path("reason"));
        }
        if (hop.path("name").isTextual()) {
            return hop.path("name").asText() + " (" + Parts.text(hop.path("setting")) + ": " + Parts.text(hop.path("address"))
                    + ") as <" + Parts.text(hop.path("envelope")) + ">";
        }
        return "none: " + Parts.text(hop.path("reason"));
    }
}
