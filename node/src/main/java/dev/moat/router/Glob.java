package dev.moat.router;

import java.util.ArrayList;
import java.util.List;

/**
 * A router pattern with {@code *} wildcards, each matching any run of characters (the empty
 * run included). {@link #match} answers what each star matched, in order, so that a target
 * can put those runs back with {@link #substitute}. Patterns are short and written by
 * administrators, so plain backtracking is enough.
 */
final class Glob {
    private static final String[] NO_RUNS = new String[0];

    private final String pattern;
    private final String[] parts;

    Glob(String pattern) {
        this.pattern = pattern;
        List<String> split = new ArrayList<>();
        int from = 0;
        for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', from)) {
            split.add(pattern.substring(from, star));
            from = star + 1;
        }
        split.add(pattern.substring(from));
        this.parts = split.toArray(String[]::new);
    }

    String pattern() {
        return pattern;
    }

    int stars() {
        return parts.length - 1;
    }

    static int countStars(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '*') {
                n++;
            }
        }
        return n;
    }

    /** The runs the stars matched, or {@code null} when {@code text} does not match. */
    String[] match(String text) {
        if (parts.length == 1) {
            return text.equals(pattern) ? NO_RUNS : null;
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (!text.startsWith(first) || text.length() < first.length() + last.length() || !text.endsWith(last)) {
            return null;
        }
        String[] runs = new String[stars()];
        return fill(text, first.length(), 1, runs) ? runs : null;
    }

    private boolean fill(String text, int at, int part, String[] runs) {
        if (part == parts.length - 1) {
            int end = text.length() - parts[part].length();
            if (end < at) {
                return false;
            }
            runs[part - 1] = text.substring(at, end);
            return true;
        }
        String literal = parts[part];
        int limit = text.length() - parts[parts.length - 1].length();
        for (int found = text.indexOf(literal, at); found >= 0 && found + literal.length() <= limit;
                found = text.indexOf(literal, found + 1)) {
            runs[part - 1] = text.substring(at, found);
            if (fill(text, found + literal.length(), part + 1, runs)) {
                return true;
            }
        }
        return false;
    }

    /** {@code target} with its n-th star replaced by the n-th run. */
    static String substitute(String target, String[] runs) {
        if (runs.length == 0 || target.indexOf('*') < 0) {
            return target;
        }
        StringBuilder out = new StringBuilder(target.length() + 16);
        int run = 0;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '*' && run < runs.length) {
                out.append(runs[run++]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
