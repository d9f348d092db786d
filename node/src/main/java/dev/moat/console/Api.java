package dev.moat.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.moat.admin.AdminAnswer;
import dev.moat.admin.AdminCalls;
import dev.moat.admin.AdminRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The console's one way to the node's data: the JSON API's own routes, called in-process as
 * the logged-in user ({@link AdminCalls}), so every page shows what the API answers and every
 * change passes the API's checks (version, validation, hidden hashes). Answers come back as
 * status, JSON and headers. One per request, carrying the browser's address, which the API
 * records as the author of a change.
 */
final class Api {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AdminCalls calls;
    private final String remoteAddress;

    /** One answer of the API: its status, its body read as JSON (missing when it is none) and its headers. */
    record Answer(int status, JsonNode json, Map<String, String> headers, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The API's error message, or the status when it gave none. */
        String error() {
            return json.path("error").isTextual() ? json.path("error").asText() : "the node answered " + status;
        }
    }

    Api(AdminCalls calls, String remoteAddress) {
        this.calls = calls;
        this.remoteAddress = remoteAddress;
    }

    /**
     * Whether {@code value} may stand as one segment of an API path: not empty, no slash or
     * backslash, no {@code .} or {@code ..}, no control character or space. The browser's
     * requests pass the admin server's path checks; the console's own calls are built here, so
     * a value typed into a form can never reach another route.
     */
    static boolean segment(String value) {
        return !value.isEmpty() && !value.equals(".") && !value.equals("..") && value.length() <= 320
                && value.chars().noneMatch(c -> c == '/' || c == '\\' || c <= 0x20 || c == 0x7f || c == '?' || c == '#');
    }

    Answer get(String path) {
        return call("GET", path, Map.of(), Map.of("Accept", "application/json"), new byte[0]);
    }

    Answer get(String path, String parameter, String value) {
        return call("GET", path, Map.of(parameter, List.of(value)), Map.of("Accept", "application/json"), new byte[0]);
    }

    /** A GET with query parameters (each given once; empty values left out). */
    Answer get(String path, Map<String, String> parameters) {
        return call("GET", path, query(parameters), Map.of("Accept", "application/json"), new byte[0]);
    }

    Answer put(String path, Map<String, String> headers, String body) {
        return put(path, Map.of(), headers, body);
    }

    Answer put(String path, Map<String, String> parameters, Map<String, String> headers, String body) {
        return call("PUT", path, query(parameters), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A PUT of {@code body} as a JSON object. */
    Answer putJson(String path, Map<String, String> body) {
        try {
            return put(path, Map.of("Content-Type", AdminAnswer.JSON), MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer delete(String path) {
        return delete(path, Map.of());
    }

    Answer delete(String path, Map<String, String> parameters) {
        return call("DELETE", path, query(parameters), Map.of(), new byte[0]);
    }

    private static Map<String, List<String>> query(Map<String, String> parameters) {
        Map<String, List<String>> query = new java.util.LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                query.put(name, List.of(value));
            }
        });
        return query;
    }

    private Answer call(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            byte[] body) {
        AdminAnswer answer = calls.call(new AdminRequest(method, path, headers, body, remoteAddress, query));
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        return new Answer(answer.status(), json(answer, text), answer.headers(), text);
    }

    private static JsonNode json(AdminAnswer answer, String text) {
        if (!answer.contentType().startsWith(AdminAnswer.JSON)) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
