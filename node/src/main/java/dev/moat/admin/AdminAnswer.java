package dev.moat.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response as the admin routes (and the pages plugged in, {@link AdminPages}) build it:
 * status, content type, extra headers, body.
 */
public record AdminAnswer(int status, String contentType, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml; charset=utf-8";
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public AdminAnswer {
        headers = Map.copyOf(headers);
    }

    public static AdminAnswer json(int status, Object value) {
        return new AdminAnswer(status, JSON, Map.of(), Json.write(value));
    }

    public static AdminAnswer text(int status, String contentType, String text) {
        return new AdminAnswer(status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body, {@code {"error": message}}. */
    public static AdminAnswer error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public AdminAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminAnswer(status, contentType, more, body);
    }
}
