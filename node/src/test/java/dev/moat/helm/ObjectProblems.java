package dev.moat.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one object, each written as {@code <kind>/<name>: <field path>: <what
 * is wrong>} in the API server's words, for {@link KubernetesValidation} and its helpers.
 */
final class ObjectProblems {
    private final String object;
    private final List<String> problems = new ArrayList<>();

    ObjectProblems(String object) {
        this.object = object;
    }

    List<String> list() {
        return problems;
    }

    int count() {
        return problems.size();
    }

    void add(String path, String message) {
        problems.add(object + ": " + path + ": " + message);
    }

    /** Adds {@code complaint} unless it is null (the value passed). */
    void check(String path, String complaint) {
        if (complaint != null) {
            add(path, complaint);
        }
    }

    /** Adds {@code complaint} about {@code value} (a key) unless it is null. */
    void check(String path, String complaint, String value) {
        check(path, complaint == null ? null : "Invalid value: \"" + value + "\": " + complaint);
    }

    /** A field that may be absent (the API defaults it) or one of {@code allowed}. */
    void oneOf(String path, Object value, String... allowed) {
        if (value != null && !List.of(allowed).contains(value)) {
            add(path, "Unsupported value: \"" + value + "\": supported values: \"" + String.join("\", \"", allowed) + "\"");
        }
    }

    void nonNegative(String path, Object value) {
        if (value instanceof Number number && number.longValue() < 0) {
            add(path, "Invalid value: " + value + ": must be greater than or equal to 0");
        }
    }
}
