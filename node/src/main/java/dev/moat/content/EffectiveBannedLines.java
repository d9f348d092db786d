package dev.moat.content;

import java.util.List;
import java.util.Objects;

/**
 * The banned lines in force: the server-wide and the cluster-wide lists of each kind, combined
 * by union as {@code spec/NOTES.md} says ("a message is banned if its header or body line is
 * listed in the server-wide or in the cluster-wide settings"). Each layer stays compiled as it
 * was parsed, so a change to one layer (or to any other setting) compiles nothing again; a
 * line is looked up in the server-wide list first, then the cluster-wide one.
 */
public final class EffectiveBannedLines {
    private final List<BannedLines> header;
    private final List<BannedLines> body;

    public EffectiveBannedLines(BannedLineLists server, BannedLineLists cluster) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        this.header = nonEmpty(server.header(), cluster.header());
        this.body = nonEmpty(server.body(), cluster.body());
    }

    private static List<BannedLines> nonEmpty(BannedLines server, BannedLines cluster) {
        return List.of(server, cluster).stream().filter(lines -> !lines.isEmpty()).toList();
    }

    /** Whether neither layer bans any line: then no message line needs to be looked at. */
    public boolean isEmpty() {
        return header.isEmpty() && body.isEmpty();
    }

    /** The list line a whole header field (its text, line breaks kept) matches, or null. */
    public BannedEntry header(String field) {
        return find(header, field);
    }

    /** The list line a body line (without its CRLF, dot-unstuffed) matches, or null. */
    public BannedEntry body(String line) {
        return find(body, line);
    }

    /** The list line a body line, the {@code length} octets of {@code octets} from {@code from}, matches, or null. */
    public BannedEntry body(byte[] octets, int from, int length) {
        for (int i = 0, n = body.size(); i < n; i++) {
            BannedEntry found = body.get(i).find(octets, from, length);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static BannedEntry find(List<BannedLines> layers, String line) {
        for (int i = 0, n = layers.size(); i < n; i++) {
            BannedEntry found = layers.get(i).find(line);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
