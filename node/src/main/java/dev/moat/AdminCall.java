package dev.moat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options and the call of the commands that ask a running node ({@code why}, {@code
 * preview}), mixed into each: {@code --admin URL} and {@code --token-file FILE}; the token comes
 * from {@code MOAT_ADMIN_TOKEN}, else from the file, and is never printed. A connect timeout of
 * 5 s, an answer awaited up to 30 s (a preview replays sessions on every member).
 */
final class AdminCall {
    @Option(names = "--admin", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "the node's admin API (default: ${DEFAULT-VALUE})")
    URI admin;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "data/admin-token",
            description = "the admin token, unless MOAT_ADMIN_TOKEN is set (default: ${DEFAULT-VALUE})")
    Path tokenFile;

    /** The answer to {@code request} for {@code path}, with the token; throws when the node cannot be asked. */
    HttpResponse<String> send(String path, HttpRequest.Builder request) throws IOException, InterruptedException {
        String token = System.getenv("MOAT_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(request.uri(admin.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
