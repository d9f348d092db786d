package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces every page is made of, each escaping what it shows: the switch between the two
 * settings layers (the chapter's "switch between the server-wide and the cluster-wide
 * settings"), a read-only server-wide value, a notice, a table, a list of facts. Nothing here
 * reads data; pages pass it in.
 */
final class Parts {

    private Parts() {
    }

    /** The links between the page's server-wide value, cluster-wide value and effective result. */
    static Html layerSwitch() {
        return Html.render("""
                <nav class="layers" aria-label="Settings layers">
                <a href="#server-wide">Server-wide settings</a>
                <a href="#cluster-wide">Cluster-wide settings</a>
                <a href="#effective">In effect</a>
                </nav>
                """);
    }

    /** The server-wide value: what this node's file says, read-only. */
    static Html serverValue(String text, String key) {
        return section("server-wide", "Server-wide settings", Html.render("<p class=\"note\">From this node's settings file, key "
                + "<code>{{key}}</code>. Read-only here: change the file (or the Helm values), and the node applies it within a second.</p>"
                + "{{value}}", "key", key, "value", preformatted(text)));
    }

    /** A block of text as written, or a note that it is empty. */
    static Html preformatted(String text) {
        return text == null || text.isBlank()
                ? Html.render("<p class=\"empty\">(empty)</p>")
                : Html.render("<pre class=\"value\">{{text}}</pre>", "text", text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /** A message for the user: {@code kind} is {@code ok}, {@code error} or {@code info}. */
    static Html notice(String kind, String message) {
        if (message == null || message.isEmpty()) {
            return Html.EMPTY;
        }
        String role = kind.equals("error") ? "alert" : "status";
        return Html.render("<p class=\"notice {{kind}}\" role=\"{{role}}\">{{message}}</p>", "kind", kind, "role", role,
                "message", message);
    }

    /** A table with a caption, header cells and rows of cells (each cell already safe). */
    static Html table(String caption, List<String> headers, List<List<Html>> rows) {
        List<Html> head = new ArrayList<>();
        headers.forEach(h -> head.add(Html.render("<th scope=\"col\">{{h}}</th>", "h", h)));
        List<Html> body = new ArrayList<>();
        for (List<Html> row : rows) {
            List<Html> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(Html.render("<td>{{c}}</td>", "c", cell)));
            body.add(Html.render("<tr>{{cells}}</tr>", "cells", Html.join(cells)));
        }
        if (rows.isEmpty()) {
            body.add(Html.render("<tr><td colspan=\"{{n}}\" class=\"empty\">(none)</td></tr>", "n", headers.size()));
        }
        return Html.render("<table><caption>{{caption}}</caption><thead><tr>{{head}}</tr></thead><tbody>{{body}}</tbody></table>",
                "caption", caption, "head", Html.join(head), "body", Html.join(body));
    }

    /** Name and value pairs as a description list. */
    static Html facts(List<String[]> pairs) {
        List<Html> items = new ArrayList<>();
        for (String[] pair : pairs) {
            items.add(Html.render("<dt>{{name}}</dt><dd>{{value}}</dd>", "name", pair[0], "value", pair[1]));
        }
        return Html.render("<dl class=\"facts\">{{items}}</dl>", "items", Html.join(items));
    }

    /** Every field of a JSON object as a fact, its key the name; {@code none} when it is no object or has no field. */
    static Html fields(JsonNode object, String none) {
        List<String[]> pairs = new ArrayList<>();
        object.fields().forEachRemaining(field -> pairs.add(new String[] {field.getKey(), text(field.getValue())}));
        return pairs.isEmpty() ? Html.render("<p class=\"empty\">{{none}}</p>", "none", none) : facts(pairs);
    }

    /** A JSON value as text: "" for null or missing, the text of a string, else its JSON. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** The elements of a JSON array as text, one a line. */
    static String lines(JsonNode array) {
        StringBuilder out = new StringBuilder();
        array.forEach(item -> out.append(text(item)).append('\n'));
        return out.toString();
    }

    /** A section of a page with an id, a heading and content. */
    static Html section(String id, String title, Html content) {
        return Html.render("<section id=\"{{id}}\" aria-labelledby=\"{{id}}-title\"><h2 id=\"{{id}}-title\">{{title}}</h2>{{content}}</section>",
                "id", id, "title", title, "content", content);
    }

    /** The cluster-wide section of a settings page, holding its editor (or a note that the setting has no such layer). */
    static Html clusterSection(Html content) {
        return section("cluster-wide", "Cluster-wide settings", content);
    }

    /** The effective result of a settings page: the rule by which the layers combine, then what it makes. */
    static Html effectiveSection(String rule, Html content) {
        return section("effective", "In effect on this node", Html.render("<p>{{rule}}</p>{{content}}", "rule", rule, "content", content));
    }
}
