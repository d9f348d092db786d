package dev.moat.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings model as a JSON Schema (draft 7), made by letting the server-wide parser read
 * an empty document while it records every key it asks for, with the key's type and range: a
 * mapping of known keys (no others), whole numbers with their bounds, durations and sizes in
 * their written forms, choices with their names, IP addresses, network address lists line by
 * line. What a pattern cannot say (a duration's range, cross-checks between keys, a Router
 * table's records) the node still refuses when it reads the file. The Helm chart's {@code
 * values.schema.json} holds this for {@code settings}, and a test fails when they differ.
 */
public final class SettingsSchema {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final String IPV4 = "(" + OCTET + "\\.){3}" + OCTET;
    private static final String IPV6 = "[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*";
    private static final String ADDRESS = "(" + IPV4 + "|" + IPV6 + ")";
    private static final String ENTRY = "[ \\t]*(!?[ \\t]*" + ADDRESS + "([ \\t]*/[ \\t]*[0-9]{1,3}|[ \\t]*-[ \\t]*"
            + ADDRESS + ")?)?[ \\t]*(;[^\\n]*)?";
    static final String DURATION = "^[ \\t]*[0-9]{1,12}[ \\t]*(ms|s|m|h|d)?[ \\t]*$";
    static final String SIZE = "^[ \\t]*[0-9]{1,15}[ \\t]*([bB]|[kKmMgG]([iI]?[bB])?)?[ \\t]*$";

    private SettingsSchema() {
    }

    /** The schema of the server-wide settings file. */
    public static Map<String, Object> serverSettings() {
        var recorder = new Recorder();
        ServerSettings.describe(recorder);
        return recorder.schema();
    }

    static Map<String, Object> integer(int min, int max) {
        return ordered("type", "integer", "minimum", min, "maximum", max);
    }

    static Map<String, Object> duration(Duration min, Duration max) {
        return ordered("type", "string", "pattern", DURATION, "description",
                "a duration like 500ms, 30s, 5m or 1h, from " + Units.formatDuration(min) + " to "
                        + Units.formatDuration(max));
    }

    static Map<String, Object> size(long min, long max) {
        return ordered("anyOf", List.of(ordered("type", "integer", "minimum", min, "maximum", max),
                ordered("type", "string", "pattern", SIZE)), "description",
                "a size like 1024, 10KiB or 25MiB, from " + Units.formatSize(min) + " to " + Units.formatSize(max));
    }

    static Map<String, Object> choice(List<String> names) {
        return ordered("enum", names);
    }

    static Map<String, Object> ipAddress() {
        return ordered("type", "string", "pattern", "^[ \\t]*" + ADDRESS + "[ \\t]*$");
    }

    /** A network address list: a block of lines, or a list of entries. */
    static Map<String, Object> addresses() {
        return ordered("anyOf", List.of(
                ordered("type", "string", "pattern", "^(" + ENTRY + "\\n)*(" + ENTRY + ")?$"),
                ordered("type", "array", "items", ordered("type", "string", "pattern", "^" + ENTRY + "$"))));
    }

    /** A JSON object with its keys in the order given, so the chart's file never reorders. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        var out = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /** Collects what a {@link MappingReader} asks for, one mapping at a time. */
    static final class Recorder {
        private final Map<String, Object> properties = new LinkedHashMap<>();

        void leaf(String key, Map<String, Object> schema) {
            properties.put(key, schema);
        }

        Recorder mapping(String key) {
            return (Recorder) properties.computeIfAbsent(key, k -> new Recorder());
        }

        Recorder listOfMappings(String key) {
            var items = new Recorder();
            properties.put(key, Optional.of(items));
            return items;
        }

        Map<String, Object> schema() {
            var out = new LinkedHashMap<String, Object>();
            properties.forEach((key, value) -> {
                if (value instanceof Recorder mapping) {
                    out.put(key, mapping.schema());
                } else if (value instanceof Optional<?> items) {
                    out.put(key, ordered("type", "array", "items", ((Recorder) items.orElseThrow()).schema()));
                } else {
                    out.put(key, value);
                }
            });
            var schema = new LinkedHashMap<String, Object>();
            schema.put("type", "object");
            schema.put("additionalProperties", false);
            schema.put("properties", out);
            return schema;
        }
    }
}
