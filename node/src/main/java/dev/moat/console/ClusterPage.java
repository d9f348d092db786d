package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start page: this node (readiness, the versions it runs) and every member of the cluster with its address and the
 * settings versions it runs, from the API's {@code cluster/members}, and each member's SMTP
 * traffic (connections open and accepted, messages and their rate since it started), which every
 * member answers from its own meters ({@code cluster/traffic}).
 */
final class ClusterPage implements ConsolePage {

    @Override
    public String path() {
        return "";
    }

    @Override
    public String title() {
        return "Cluster";
    }

    @Override
    public String group() {
        return "Cluster";
    }

    @Override
    public PageResult get(PageContext context) {
        JsonNode versions = context.api().get("/api/v1/node/versions").json();
        Api.Answer ready = context.api().get("/health/ready");
        List<List<Html>> members = new ArrayList<>();
        for (JsonNode member : context.api().get("/api/v1/cluster/members").json().path("members")) {
            boolean self = Parts.text(member.path("memberId")).equals(Parts.text(versions.path("memberId")));
            members.add(List.of(Html.text(Parts.text(member.path("nodeName")) + (self ? " (this node)" : "")),
                    Html.text(Parts.text(member.path("address"))),
                    Html.render("<code>{{v}}</code>", "v", Parts.text(member.path("serverSettingsVersion"))),
                    Html.text(documents(member.path("appliedDocumentVersions"))),
                    Html.text(Parts.text(member.path("updatedAt")))));
        }
        return PageResult.page(Html.render("""
                <h1>Cluster</h1>
                {{node}}
                {{members}}
                """,
                "node", Parts.section("this-node", "This node: " + Parts.text(versions.path("node")), Parts.facts(List.of(
                        new String[] {"Ready", (ready.ok() ? "yes" : "no") + " (" + readiness(ready.json().path("reasons")) + ")"},
                        new String[] {"Server-wide settings version", Parts.text(versions.path("serverSettings"))},
                        new String[] {"Cluster-wide documents applied", documents(versions.path("documents"))},
                        new String[] {"Its SMTP traffic", "in the table Traffic per node below"}))),
                "members", Parts.section("members", "Members", Html.render("{{table}}{{traffic}}",
                        "table", Parts.table("Members of the cluster", List.of("Node", "Member address", "Server settings version",
                                "Documents applied", "Reported at"), members),
                        "traffic", traffic(context.api().get("/api/v1/cluster/traffic"), Parts.text(versions.path("node")))))));
    }

    /** Each member's SMTP traffic as it answered (its own meters), with the members that did not answer. */
    private static Html traffic(Api.Answer answer, String self) {
        if (!answer.ok()) {
            return Parts.notice("error", "Traffic per node: " + answer.error());
        }
        List<List<Html>> rows = new ArrayList<>();
        var byName = new java.util.TreeMap<String, JsonNode>();
        answer.json().path("members").fields().forEachRemaining(member -> byName.put(member.getKey(), member.getValue()));
        byName.entrySet().forEach(member -> {
            JsonNode t = member.getValue();
            double uptime = t.path("uptimeSeconds").asDouble();
            double messages = t.path("messagesAccepted").asDouble() + t.path("messagesRefused").asDouble();
            rows.add(List.of(Html.text(member.getKey() + (member.getKey().equals(self) ? " (this node)" : "")),
                    Html.text(number(t.path("sessionsActive").asDouble())),
                    Html.text(number(t.path("connectionsAccepted").asDouble())),
                    Html.text(number(t.path("messagesAccepted").asDouble()) + ", " + number(t.path("messagesRefused").asDouble())),
                    Html.text(uptime <= 0 ? "(unknown)" : String.format(Locale.ROOT, "%.2f a minute over %.0f min",
                            messages * 60 / uptime, uptime / 60))));
        });
        return Html.join(List.of(Parts.table("Traffic per node, from each node's own meters", List.of("Node", "SMTP connections open",
                "Connections accepted since start", "Messages accepted, refused", "Message rate since start"), rows),
                DecisionsPage.members(answer.json())));
    }

    private static String documents(JsonNode versions) {
        List<String> parts = new ArrayList<>();
        versions.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + Parts.text(e.getValue())));
        return String.join(", ", parts);
    }

    private static String readiness(JsonNode reasons) {
        List<String> parts = new ArrayList<>();
        reasons.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + Parts.text(e.getValue())));
        return String.join("; ", parts);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
