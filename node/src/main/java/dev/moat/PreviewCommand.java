package dev.moat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preview FILE [--document NAME] [--admin URL] [--token-file FILE]}: the impact preview
 * of a change before it is made. FILE is a new settings file ({@code POST
 * /api/v1/node/settings/preview}: every member replays what it remembers with FILE as its
 * settings file), or with {@code --document} the next version of that cluster document ({@code
 * PUT /api/v1/cluster/documents/NAME?preview=true}). Prints whether it is valid, how many
 * sessions were replayed on which members, which addresses would now be refused or accepted, with
 * examples, and the members that did not answer. Nothing is saved. Exit code 0 for a valid
 * change; 2 when it is refused (each error printed with its line) or FILE cannot be read; 1 when
 * the node cannot be asked.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Shows what a new settings file, or a new version of a cluster document, would decide "
                + "differently over the sessions the running cluster remembers. Saves nothing.")
final class PreviewCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the new settings file, or with --document the document's new text")
    private Path file;

    @Option(names = "--document", paramLabel = "NAME",
            description = "preview FILE as the next version of this cluster document (such as blacklisted-addresses)")
    private String document;

    @Mixin
    private AdminCall node;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        var body = HttpRequest.BodyPublishers.ofByteArray(text);
        String path = document == null ? "/api/v1/node/settings/preview"
                : "/api/v1/cluster/documents/" + URLEncoder.encode(document, StandardCharsets.UTF_8) + "?preview=true";
        try {
            var request = HttpRequest.newBuilder().header("Content-Type", "text/plain; charset=utf-8");
            var answer = node.send(path, document == null ? request.POST(body) : request.PUT(body));
            if (answer.statusCode() == 400) {
                err.print(refused(ClusterDecisions.read(answer.body())));
                err.flush();
                return 2;
            }
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

    private String refused(Map<String, Object> answer) {
        StringBuilder out = new StringBuilder(file + " is refused; nothing was previewed or saved:\n");
        if (answer.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                out.append("  ");
                if (error instanceof Map<?, ?> m) {
                    if (m.get("line") instanceof Number line && line.intValue() > 0) {
                        out.append("line ").append(line).append(": ");
                    }
                    out.append(m.get("message"));
                } else {
                    out.append(error);
                }
                out.append('\n');
            }
        } else {
            out.append("  ").append(answer.get("error")).append('\n');
        }
        return out.toString();
    }

    /** The answer as lines an administrator reads. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> preview) {
        StringBuilder out = new StringBuilder("valid; nothing was saved\n");
        out.append("replayed ").append(preview.get("sessionsReplayed")).append(" sessions on ")
                .append(String.join(", ", (List<String>) preview.getOrDefault("answered", List.of()))).append('\n');
        out.append("newly refused: ").append(preview.get("newlyRefusedSessions")).append(" sessions")
                .append(addresses(preview.get("newlyRefusedAddresses"))).append('\n');
        out.append("newly accepted: ").append(preview.get("newlyAcceptedSessions")).append(" sessions")
                .append(addresses(preview.get("newlyAcceptedAddresses"))).append('\n');
        for (var example : (List<Map<String, Object>>) preview.getOrDefault("examples", List.of())) {
            out.append("  ref ").append(example.get("ref")).append(' ').append(example.get("client")).append(": ")
                    .append(example.get("now")).append(" -> ").append(example.get("would")).append('\n');
        }
        var members = (Map<String, Map<String, Object>>) preview.getOrDefault("members", Map.of());
        members.forEach((node, answer) -> {
            if (answer.get("errors") != null) {
                out.append("refused by ").append(node).append(": ").append(answer.get("errors")).append('\n');
            }
        });
        ((Map<String, Object>) preview.getOrDefault("missing", Map.of()))
                .forEach((node, why) -> out.append("missing: ").append(node).append(": ").append(why).append('\n'));
        out.append("replayed checks: ").append(preview.get("replayed")).append('\n');
        return out.toString();
    }

    private static String addresses(Object list) {
        return list instanceof List<?> items && !items.isEmpty() ? " from " + items.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") : "";
    }
}
