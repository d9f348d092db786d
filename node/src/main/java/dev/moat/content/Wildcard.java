package dev.moat.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One banned line with {@code *} in it, compiled: the literal runs between the stars, as
 * octets, and whether the line must start with the first run and end with the last. {@code *}
 * matches any run of octets, the empty run too; comparison is case-sensitive, octet for
 * octet. Matching is greedy from the left, which is exact for this one-wildcard language and
 * costs at most one search per run.
 */
final class Wildcard {
    private final BannedEntry entry;
    private final byte[][] runs;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final int minLength;

    Wildcard(BannedEntry entry) {
        this.entry = entry;
        String pattern = entry.octets();
        List<byte[]> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            if (!part.isEmpty()) {
                parts.add(part.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        this.runs = parts.toArray(byte[][]::new);
        this.anchoredStart = !pattern.startsWith("*");
        this.anchoredEnd = !pattern.endsWith("*");
        this.minLength = parts.stream().mapToInt(run -> run.length).sum();
    }

    BannedEntry entry() {
        return entry;
    }

    /** The fewest octets a matching line holds. */
    int minLength() {
        return minLength;
    }

    /** The run the line must start with, or null when the pattern starts with {@code *}. */
    byte[] prefix() {
        return anchoredStart ? runs[0] : null;
    }

    /** The run the line must end with, or null when the pattern ends with {@code *}. */
    byte[] suffix() {
        return anchoredEnd ? runs[runs.length - 1] : null;
    }

    /** The longest run: a line that matches holds it somewhere. */
    byte[] longestRun() {
        byte[] longest = runs[0];
        for (byte[] run : runs) {
            if (run.length > longest.length) {
                longest = run;
            }
        }
        return longest;
    }

    /** Whether the {@code length} octets of {@code a} from {@code from} match this line. */
    boolean matches(byte[] a, int from, int length) {
        if (length < minLength) {
            return false;
        }
        int at = from;
        int first = 0;
        int last = runs.length;
        int end = from + length;
        if (anchoredStart) {
            if (!Octets.regionMatches(a, from, runs[0])) {
                return false;
            }
            at += runs[0].length;
            first = 1;
        }
        if (anchoredEnd && last > first) {
            byte[] tail = runs[last - 1];
            if (end - tail.length < at || !Octets.regionMatches(a, end - tail.length, tail)) {
                return false;
            }
            end -= tail.length;
            last--;
        }
        for (int i = first; i < last; i++) {
            int found = Octets.indexOf(a, at, end, runs[i]);
            if (found < 0) {
                return false;
            }
            at = found + runs[i].length;
        }
        return true;
    }
}
