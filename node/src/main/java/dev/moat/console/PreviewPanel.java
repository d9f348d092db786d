package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of the API's impact preview ({@code PUT ...?preview=true}) as a panel above an
 * editor's buttons: how many remembered sessions every member replayed, how many sessions and
 * which addresses the new version would newly refuse or newly accept, examples with each
 * recipient's outcome now and with the change, what the replay covers, and the members that did
 * not answer. Nothing was saved.
 */
final class PreviewPanel {

    private PreviewPanel() {
    }

    static Html render(JsonNode answer) {
        List<List<Html>> examples = new ArrayList<>();
        for (JsonNode example : answer.path("examples")) {
            examples.add(List.of(Html.render("<code>{{r}}</code>", "r", Parts.text(example.path("ref"))),
                    Html.text(Parts.text(example.path("client"))), Html.text(outcomes(example.path("now"))),
                    Html.text(outcomes(example.path("would")))));
        }
        long refused = answer.path("newlyRefusedSessions").asLong();
        long accepted = answer.path("newlyAcceptedSessions").asLong();
        return Html.render("""
                <section id="preview" aria-labelledby="preview-title" class="panel" role="status">
                <h2 id="preview-title">Impact preview (nothing saved)</h2>
                <p id="preview-summary">{{summary}}</p>
                {{facts}}
                {{examples}}
                <p class="note">Replayed: {{replayed}}.</p>
                {{members}}
                </section>
                """, "summary", answer.path("sessionsReplayed").asLong() + " remembered sessions replayed: " + refused
                        + (refused == 1 ? " session" : " sessions") + " would now be refused, " + accepted
                        + (accepted == 1 ? " session" : " sessions") + " would now be accepted.",
                "facts", Parts.facts(List.of(
                        new String[] {"Addresses newly refused", list(answer.path("newlyRefusedAddresses"))},
                        new String[] {"Addresses newly accepted", list(answer.path("newlyAcceptedAddresses"))})),
                "examples", Parts.table("Examples", List.of("Reference", "Client", "Each recipient now", "With this change"), examples),
                "replayed", Parts.text(answer.path("replayed")),
                "members", DecisionsPage.members(answer));
    }

    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(Parts.text(item)));
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static String outcomes(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(Parts.text(item)));
        return String.join("; ", items);
    }
}
