package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decision records of every member, from the API's {@code decisions} route: a search by
 * session reference (the {@code ref} a refusal names), client address, check and time, with a
 * limit; the records newest first, each with what matched, the mode, the outcome and the reply
 * sent, and the client's address linked to its {@link WhyPage}. The members that did not answer
 * are named. A search is a GET form, so it changes nothing; a parameter the API refuses is shown
 * with the API's reason.
 */
final class DecisionsPage implements ConsolePage {
    private static final String[][] FIELDS = {
            {"ref", "Session reference", "7KQ2M9XA3B", "As a refusal names it: (ref 7KQ2M9XA3B)."},
            {"address", "Client address", "192.0.2.7", "The sender's address (after PROXY), not a balancer's."},
            {"check", "Check", "blacklist", "Such as blacklist, relay, router, helo, rules, reverse-connect."},
            {"since", "Since", "2026-12-01T10:00:00Z", "An instant (UTC) or epoch milliseconds."},
            {"limit", "At most", "100", "1 to 10,000 records."}};

    @Override
    public String path() {
        return "decisions";
    }

    @Override
    public String title() {
        return "Decisions";
    }

    @Override
    public String group() {
        return "Decisions";
    }

    @Override
    public PageResult get(PageContext context) {
        Map<String, String> search = new LinkedHashMap<>();
        List<Html> fields = new ArrayList<>();
        for (String[] field : FIELDS) {
            String value = context.query().value(field[0]).strip();
            search.put(field[0], value);
            fields.add(Html.render("""
                    <div><label for="search-{{name}}">{{label}}</label>
                    <input id="search-{{name}}" name="{{name}}" value="{{value}}" placeholder="{{example}}" autocomplete="off" aria-describedby="search-{{name}}-hint">
                    <p class="note" id="search-{{name}}-hint">{{hint}}</p></div>
                    """, "name", field[0], "label", field[1], "value", value, "example", field[2], "hint", field[3]));
        }
        boolean asked = search.values().stream().anyMatch(v -> !v.isEmpty()) || context.query().has("search");
        Html result = asked ? result(context.api().get("/api/v1/decisions", search)) : Html.render(
                "<p class=\"note\">Give a reference, an address, a check or a time; or search with nothing given for the newest records.</p>");
        return PageResult.page(Html.render("""
                <h1>Decisions</h1>
                <p>Every refusal a check sent, every message marked with a header, every session closed by policy and every temporary block is one decision record, kept in the memory of the node that made it. A search asks every member.</p>
                <form method="get" action="{{action}}" class="editor search" role="search" aria-label="Search decisions">
                <input type="hidden" name="search" value="1">
                <div class="fields">{{fields}}</div>
                <p><button type="submit">Search</button></p>
                </form>
                <section id="results" aria-labelledby="results-title"><h2 id="results-title">Records</h2>{{result}}</section>
                """, "action", context.self(), "fields", Html.join(fields), "result", result));
    }

    private static Html result(Api.Answer answer) {
        if (!answer.ok()) {
            return Parts.notice("error", answer.error());
        }
        return Html.join(List.of(table("Decision records, newest first", answer.json().path("records")), members(answer.json())));
    }

    /** The records as a table, each client address linking to its why page. */
    static Html table(String caption, JsonNode records) {
        List<List<Html>> rows = new ArrayList<>();
        for (JsonNode record : records) {
            String client = Parts.text(record.path("client"));
            rows.add(List.of(Html.render("{{t}}<br>on {{n}}", "t", Parts.text(record.path("time")), "n", Parts.text(record.path("node"))),
                    Html.render("<code class=\"ref\">{{r}}</code>", "r", Parts.text(record.path("ref"))),
                    Html.render("<a href=\"{{h}}\">{{c}}</a>", "h", Console.PREFIX + "/decisions/why?address=" + Html.query(client), "c", client),
                    Html.text(Parts.text(record.path("stage")) + " " + Parts.text(record.path("check"))),
                    Html.render("<span class=\"match\">{{m}}</span>", "m", match(record.path("match"))),
                    Html.text(Parts.text(record.path("outcome")) + " (" + Parts.text(record.path("mode")) + ")"),
                    Html.render("<span class=\"reply\">{{r}}</span>", "r", record.path("reply").isTextual()
                            ? record.path("reply").asText() : "(none sent)")));
        }
        return Parts.table(caption, List.of("Time and node", "Reference", "Client", "Stage and check", "What matched",
                "Outcome (mode)", "Reply sent"), rows);
    }

    /** What matched, as {@code kind: name=value, ...}. */
    static String match(JsonNode match) {
        List<String> parts = new ArrayList<>();
        match.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("kind")) {
                parts.add(field.getKey() + "=" + Parts.text(field.getValue()));
            }
        });
        return Parts.text(match.path("kind")) + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    /** The members that answered and those that did not, with why. */
    static Html members(JsonNode answer) {
        List<String> missing = new ArrayList<>();
        answer.path("missing").fields().forEachRemaining(e -> missing.add(e.getKey() + " (" + Parts.text(e.getValue()) + ")"));
        List<String> answered = new ArrayList<>();
        answer.path("answered").forEach(node -> answered.add(Parts.text(node)));
        return Html.render("<p class=\"note\" id=\"members-asked\">Answered: {{a}}.{{m}}</p>", "a",
                answered.isEmpty() ? "none" : String.join(", ", answered),
                "m", missing.isEmpty() ? "" : " Not answered, so their records are missing here: " + String.join("; ", missing) + ".");
    }
}
