package dev.moat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP calls to one node's admin API over loopback, with the admin token unless told otherwise. */
final class AdminClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    AdminClient(Node node, String token) {
        this.base = "http://127.0.0.1:" + node.adminPort();
        this.token = token;
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return send(request(path).header("Accept", accept).GET());
    }

    HttpResponse<String> put(String path, String body, String ifMatch) throws Exception {
        var request = request(path).PUT(BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
