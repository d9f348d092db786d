package dev.moat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain HTTP client of one node's web console, as a browser without script would be: it
 * keeps the session cookie it is given, follows nothing by itself, and posts forms with the
 * Origin a browser sends. For the console's security tests, which need to send what a browser
 * never would (no CSRF token, a foreign Origin).
 */
final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String origin;
    private String cookie = "";

    ConsoleSession(Node node) {
        this.origin = "http://127.0.0.1:" + node.adminPort();
    }

    /** Logs in with {@code token}; the answer to the login POST. */
    HttpResponse<String> login(String token) throws Exception {
        HttpResponse<String> answer = post("/console/login", Map.of("token", token), origin);
        answer.headers().firstValue("Set-Cookie").ifPresent(set -> cookie = set.substring(0, set.indexOf(';')));
        return answer;
    }

    HttpResponse<String> get(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20)).GET();
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code fields} as a form, with {@code originHeader} as Origin (none when null). */
    HttpResponse<String> post(String path, Map<String, String> fields, String originHeader) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (originHeader != null) {
            request.header("Origin", originHeader);
        }
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String cookie() {
        return cookie;
    }

    /** The CSRF token of the forms on a page. */
    static String csrf(String page) {
        return find(CSRF, page).orElseThrow(() -> new AssertionError("no CSRF field in the page"));
    }

    /** The document version an editor form on a page carries. */
    static String version(String page) {
        return find(VERSION, page).orElseThrow(() -> new AssertionError("no version field in the page"));
    }

    /** The form of an editor: its CSRF token and version, with {@code value} as the new value. */
    static Map<String, String> edit(String page, String value) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("csrf", csrf(page));
        fields.put("version", version(page));
        fields.put("value", value);
        return fields;
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
