package dev.moat.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the admin routes see it, free of Netty: method, decoded path without the
 * query, headers (names case-insensitive, first value), body bytes and the client's address.
 */
public record AdminRequest(String method, String path, Map<String, String> headers, byte[] body, String remoteAddress,
        Map<String, List<String>> query) {

    public AdminRequest {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
        query = Map.copyOf(query);
    }

    public AdminRequest(String method, String path, Map<String, String> headers, byte[] body, String remoteAddress) {
        this(method, path, headers, body, remoteAddress, Map.of());
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    public String parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }
}
