package dev.moat.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response as the admin routes build it: status, content type, extra headers, body. */
record AdminAnswer(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json";
    static final String YAML = "application/yaml; charset=utf-8";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    AdminAnswer {
        headers = Map.copyOf(headers);
    }

    static AdminAnswer json(int status, Object value) {
        return new AdminAnswer(status, JSON, Map.of(), Json.write(value));
    }

    static AdminAnswer text(int status, String contentType, String text) {
        return new AdminAnswer(status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body, {@code {"error": message}}. */
    static AdminAnswer error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    AdminAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminAnswer(status, contentType, more, body);
    }
}
