package dev.moat.content;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One line of a banned-line list: its text as the message carries it (octets, one char each,
 * a wrapped header line with its CRLF), the list, the layer that holds it ({@code
 * server-wide} or {@code cluster-wide}) and its line in that layer's document. The reason of a
 * refusal names it; the client is never told.
 */
public record BannedEntry(String octets, BannedList list, String layer, int line) {
    public BannedEntry {
        Objects.requireNonNull(octets, "octets");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(layer, "layer");
    }

    /** The line as written in the list (UTF-8 again), its line breaks shown as {@code \r\n}, so a log line stays one line. */
    public String written() {
        String text = new String(octets.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** {@code line 3 of the cluster-wide Banned Body Lines: "Click here*"}. */
    public String describe() {
        return "line " + line + " of the " + layer + " " + list.title() + ": \"" + written() + "\"";
    }
}
