package dev.moat;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moat-node blocking ACTION} asks a running node's admin API about the temporary lists
 * (blocked, unblockable, debug): {@code list [--prefix P] [--page N]}, {@code show ADDRESS},
 * {@code unblock ADDRESS} or {@code unblock --prefix P}, {@code block ADDRESS --duration D
 * --reason TEXT}. The token comes from {@code --token-file}, else {@code $MOAT_ADMIN_TOKEN}; it
 * is sent, never printed. Prints the node's JSON answer. Exit code 0 on success, 1 when the
 * node answers 404, 2 for any other refusal or when the node cannot be reached.
 */
@Command(name = "blocking", mixinStandardHelpOptions = true,
        description = "Lists, shows, unblocks and blocks entries of the temporary lists on a running node (admin API).")
final class BlockingCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, show, unblock or block")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ADDRESS", description = "the address, for show, unblock and block")
    String address;

    @Option(names = "--list", paramLabel = "LIST", defaultValue = "blocked", description = "blocked (default), unblockable or debug")
    String list;

    @Option(names = "--prefix", paramLabel = "P", description = "entries whose address starts with P, such as 192.0.2.")
    String prefix;

    @Option(names = "--page", defaultValue = "0", description = "the page of list (100 entries each)")
    int page;

    @Option(names = "--duration", paramLabel = "D", description = "for block: how long, such as 1h")
    String duration;

    @Option(names = "--reason", paramLabel = "TEXT", description = "for block: why, for the entry")
    String reason;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the node's admin API (default http://127.0.0.1:8080)")
    URI admin;

    @Option(names = "--token-file", paramLabel = "FILE", description = "the admin token file (default: $MOAT_ADMIN_TOKEN)")
    Path tokenFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!list.matches("blocked|unblockable|debug")) {
            err.println("--list must be blocked, unblockable or debug");
            return 2;
        }
        String token = tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip()
                : System.getenv().getOrDefault("MOAT_ADMIN_TOKEN", "");
        if (token.isEmpty()) {
            err.println("no admin token: give --token-file or set MOAT_ADMIN_TOKEN");
            return 2;
        }
        String base = admin.toString().replaceAll("/+$", "") + "/api/v1/temporary/" + list;
        HttpRequest.Builder request;
        switch (action) {
            case "list" -> request = HttpRequest.newBuilder(URI.create(base + "?page=" + page
                    + (prefix == null ? "" : "&prefix=" + encode(prefix)))).GET();
            case "show" -> request = needsAddress(err) ? null : HttpRequest.newBuilder(URI.create(base + "/" + address)).GET();
            case "unblock" -> request = prefix != null
                    ? HttpRequest.newBuilder(URI.create(base + "?prefix=" + encode(prefix))).DELETE()
                    : needsAddress(err) ? null : HttpRequest.newBuilder(URI.create(base + "/" + address)).DELETE();
            case "block" -> request = needsAddress(err) ? null : HttpRequest.newBuilder(URI.create(base + "/" + address))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"duration\": " + quote(duration) + ", \"reason\": "
                            + quote(reason) + "}"));
            default -> {
                err.println("ACTION must be list, show, unblock or block");
                return 2;
            }
        }
        if (request == null) {
            return 2;
        }
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(request
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("cannot reach the admin API at " + admin + ": " + e.getMessage());
            return 2;
        }
        (answer.statusCode() < 300 ? out : err).println(answer.body());
        out.flush();
        err.flush();
        return answer.statusCode() < 300 ? 0 : answer.statusCode() == 404 ? 1 : 2;
    }

    private boolean needsAddress(PrintWriter err) {
        if (address == null || !address.matches("[0-9A-Fa-f.:]+")) {
            err.println(action + " needs an ADDRESS such as 192.0.2.7 or 2001:db8::7");
            return true;
        }
        return false;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
