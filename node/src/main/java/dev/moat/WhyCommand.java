package dev.moat;

import dev.moat.net.IpAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code why ADDRESS [--admin URL] [--token-file FILE]}: asks a running node's admin API
 * ({@code GET /api/v1/why/ADDRESS}, with the admin token from {@code MOAT_ADMIN_TOKEN} or the
 * token file) and prints the answer as text: the status and reason now, the list lines, the
 * temporary entries, what its newest session saw, its newest decisions on every member, and the
 * members that did not answer. Exit code 0; 1 when the node cannot be asked or refuses; 2 for an
 * address that is not one.
 */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Prints everything a running cluster knows about an address and why it was decided so.")
final class WhyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", description = "an IPv4 or IPv6 address, such as 192.0.2.7")
    private String address;

    @Mixin
    private AdminCall node;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (IpAddress.tryParse(address).isEmpty()) {
            err.println("not one IP address: " + address);
            return 2;
        }
        try {
            var answer = node.send("/api/v1/why/" + address, HttpRequest.newBuilder().GET());
            if (answer.statusCode() != 200) {
                err.println("the node answered " + answer.statusCode() + ": " + answer.body());
                return 1;
            }
            out.print(text(ClusterDecisions.read(answer.body())));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("cannot ask " + node.admin + ": " + e);
            return 1;
        }
    }

    /** The answer as lines an administrator reads. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> why) {
        StringBuilder out = new StringBuilder();
        out.append(why.get("line")).append('\n');
        out.append("reason: ").append(why.get("reason")).append('\n');
        for (var line : (List<Map<String, Object>>) why.getOrDefault("listLines", List.of())) {
            out.append("listed: ").append(line.get("list")).append(" (").append(line.get("layer")).append(' ')
                    .append(line.get("setting")).append(", line ").append(line.get("line")).append(": ")
                    .append(line.get("entry")).append(")\n");
        }
        if (why.get("temporaryClient") instanceof Map<?, ?> client) {
            out.append("Temporary Client until ").append(client.get("until")).append('\n');
        }
        for (var entry : (List<Map<String, Object>>) why.getOrDefault("temporaryEntries", List.of())) {
            out.append(entry.get("list")).append(": ").append(entry.get("reason")).append(" (from ")
                    .append(entry.get("start")).append(" to ").append(entry.get("expiry")).append(", set by ")
                    .append(entry.get("node")).append(", counters ").append(entry.get("counters")).append(")\n");
        }
        if (why.get("lastSeen") instanceof Map<?, ?> seen) {
            out.append("last seen: ").append(seen.get("time")).append(" on ").append(seen.get("node")).append(" (ref ")
                    .append(seen.get("ref")).append("): ").append(seen.get("status"))
                    .append(seen.get("reverseName") == null ? "" : ", reverse name " + seen.get("reverseName")).append(seen.get("rbl") == null ? "" : ", RBL " + seen.get("rbl"))
                    .append('\n');
        }
        var decisions = (List<Map<String, Object>>) why.getOrDefault("decisions", List.of());
        out.append(decisions.isEmpty() ? "no decisions remembered\n" : "decisions, newest first:\n");
        for (var record : decisions) {
            out.append("  ").append(record.get("time")).append(' ').append(record.get("node")).append(" ref ")
                    .append(record.get("ref")).append(' ').append(record.get("stage")).append(' ')
                    .append(record.get("check")).append(' ').append(record.get("outcome")).append(" (")
                    .append(record.get("mode")).append("): ")
                    .append(((Map<String, Object>) record.get("match")).entrySet().stream()
                            .filter(e -> !e.getKey().equals("kind")).map(e -> e.getKey() + "=" + e.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse(""))
                    .append(record.get("reply") == null ? "" : "; reply " + record.get("reply")).append('\n');
        }
        var missing = (Map<String, Object>) why.getOrDefault("missing", Map.of());
        missing.forEach((node, why2) -> out.append("missing: ").append(node).append(": ").append(why2).append('\n'));
        return out.toString();
    }
}
