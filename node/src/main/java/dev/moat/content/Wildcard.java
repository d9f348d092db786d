package dev.moat.content;

import java.util.ArrayList;
import java.util.List;

/**
 * One banned line with {@code *} in it, compiled: the literal runs between the stars, and
 * whether the line must start with the first run and end with the last. {@code *} matches any
 * run of characters, the empty run too; comparison is case-sensitive, char for char. Matching
 * is greedy from the left, which is exact for this one-wildcard language and costs at most one
 * {@code indexOf} per run.
 */
final class Wildcard {
    private final BannedEntry entry;
    private final String[] runs;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final int minLength;

    Wildcard(BannedEntry entry) {
        this.entry = entry;
        String pattern = entry.octets();
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        this.runs = parts.toArray(String[]::new);
        this.anchoredStart = !pattern.startsWith("*");
        this.anchoredEnd = !pattern.endsWith("*");
        this.minLength = parts.stream().mapToInt(String::length).sum();
    }

    BannedEntry entry() {
        return entry;
    }

    /** The run the line must start with, or null when the pattern starts with {@code *}. */
    String prefix() {
        return anchoredStart ? runs[0] : null;
    }

    /** The run the line must end with, or null when the pattern ends with {@code *}. */
    String suffix() {
        return anchoredEnd ? runs[runs.length - 1] : null;
    }

    /** The longest run: a line that matches holds it somewhere. */
    String longestRun() {
        String longest = runs[0];
        for (String run : runs) {
            if (run.length() > longest.length()) {
                longest = run;
            }
        }
        return longest;
    }

    boolean matches(String line) {
        if (line.length() < minLength) {
            return false;
        }
        int from = 0;
        int first = 0;
        int last = runs.length;
        int end = line.length();
        if (anchoredStart) {
            if (!line.startsWith(runs[0])) {
                return false;
            }
            from = runs[0].length();
            first = 1;
        }
        if (anchoredEnd && last > first) {
            String tail = runs[last - 1];
            if (!line.endsWith(tail) || end - tail.length() < from) {
                return false;
            }
            end -= tail.length();
            last--;
        }
        for (int i = first; i < last; i++) {
            int at = line.indexOf(runs[i], from);
            if (at < 0 || at + runs[i].length() > end) {
                return false;
            }
            from = at + runs[i].length();
        }
        return true;
    }
}
