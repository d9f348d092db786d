package dev.moat.cluster;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The file form of a document: a first-line header comment
 * {@code # moat-document name=settings version=7 updated-by=... updated-at=<ISO instant> mac=...}
 * followed by the text verbatim. The header is a YAML comment, so the file is still the
 * document. Text without a header reads as version 0; {@code updated-by} is URL-encoded so it
 * stays one word; {@code mac} (base64url) is absent in unsigned files.
 */
final class DocumentFile {

    private static final String HEADER = "# moat-document";

    private DocumentFile() {
    }

    static String render(ClusterDocument document) {
        return HEADER
                + " name=" + document.name()
                + " version=" + document.version()
                + " updated-by=" + URLEncoder.encode(document.updatedBy(), StandardCharsets.UTF_8)
                + " updated-at=" + Instant.ofEpochMilli(document.updatedAtMillis())
                + (document.signed() ? " mac=" + document.mac() : "")
                + "\n" + document.text();
    }

    /**
     * Reads {@code content} as document {@code name}: with a header, its version and the text
     * after it; without one, version 0 updated by {@code defaultUpdatedBy} and the whole text.
     *
     * @throws IllegalArgumentException when the header is malformed or names another document
     */
    static ClusterDocument parse(String name, String content, String defaultUpdatedBy) {
        if (!content.startsWith(HEADER + " ") && !content.startsWith(HEADER + "\n")
                && !content.startsWith(HEADER + "\r\n")) {
            return new ClusterDocument(name, 0, content, defaultUpdatedBy, 0);
        }
        int end = content.indexOf('\n');
        String header = end < 0 ? content : content.substring(0, end);
        String text = end < 0 ? "" : content.substring(end + 1);
        Map<String, String> fields = fields(header.substring(HEADER.length()).strip());
        String named = fields.getOrDefault("name", name);
        if (!named.equals(name)) {
            throw new IllegalArgumentException("the header names document " + named + ", not " + name);
        }
        try {
            long version = Long.parseLong(fields.getOrDefault("version", "0"));
            String updatedBy = fields.containsKey("updated-by")
                    ? URLDecoder.decode(fields.get("updated-by"), StandardCharsets.UTF_8)
                    : defaultUpdatedBy;
            long updatedAt = fields.containsKey("updated-at")
                    ? Instant.parse(fields.get("updated-at")).toEpochMilli()
                    : 0;
            return new ClusterDocument(name, version, text, updatedBy, updatedAt, fields.getOrDefault("mac", ""));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed header: " + header.strip(), e);
        }
    }

    private static Map<String, String> fields(String header) {
        Map<String, String> fields = new HashMap<>();
        for (String word : header.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }
}
