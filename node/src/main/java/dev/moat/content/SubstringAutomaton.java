package dev.moat.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wildcard lines that start and end with {@code *} ({@code *cheap pills*}), found by one
 * Aho-Corasick automaton over the first {@value #KEY} characters of each line's longest literal
 * run: one pass over the line, one table step per character, whatever the number of lines; a
 * state where a key ends has its lines matched whole. Characters are mapped to classes (those
 * the keys use, and one for all others), so the table holds states times classes entries.
 */
final class SubstringAutomaton {
    static final int KEY = 16;
    private static final SubstringAutomaton EMPTY = new SubstringAutomaton(new int[256], 1, new int[1],
            new Wildcard[1][]);

    private final int[] classOf;
    private final int classes;
    /** The next state, times {@link #classes}; stored inverted ({@code ~}) when lines end there. */
    private final int[] delta;
    private final Wildcard[][] outputs;

    private SubstringAutomaton(int[] classOf, int classes, int[] delta, Wildcard[][] outputs) {
        this.classOf = classOf;
        this.classes = classes;
        this.delta = delta;
        this.outputs = outputs;
    }

    /** The table entries {@code patterns} would take: states times classes. */
    static long entries(List<Wildcard> patterns) {
        boolean[] used = new boolean[256];
        long states = 1;
        for (Wildcard pattern : patterns) {
            String key = key(pattern);
            states += key.length();
            key.chars().forEach(c -> used[c & 0xFF] = true);
        }
        int classes = 1;
        for (boolean u : used) {
            classes += u ? 1 : 0;
        }
        return states * classes;
    }

    static SubstringAutomaton of(List<Wildcard> patterns) {
        if (patterns.isEmpty()) {
            return EMPTY;
        }
        int[] classOf = new int[256];
        int classes = 1;
        int total = 1;
        for (Wildcard pattern : patterns) {
            String key = key(pattern);
            total += key.length();
            for (int i = 0; i < key.length(); i++) {
                int c = key.charAt(i) & 0xFF;
                if (classOf[c] == 0) {
                    classOf[c] = classes++;
                }
            }
        }
        int[] table = new int[total * classes];
        List<List<Wildcard>> ends = new ArrayList<>();
        ends.add(new ArrayList<>());
        int states = 1;
        for (Wildcard pattern : patterns) {
            String key = key(pattern);
            int s = 0;
            for (int i = 0; i < key.length(); i++) {
                int at = s * classes + classOf[key.charAt(i) & 0xFF];
                if (table[at] == 0) {
                    table[at] = states++;
                    ends.add(new ArrayList<>());
                }
                s = table[at];
            }
            ends.get(s).add(pattern);
        }
        link(table, classes, states, ends);
        Wildcard[][] outputs = new Wildcard[states][];
        for (int s = 0; s < states; s++) {
            outputs[s] = ends.get(s).isEmpty() ? null : ends.get(s).toArray(Wildcard[]::new);
        }
        int[] delta = Arrays.copyOf(table, states * classes);
        for (int i = 0; i < delta.length; i++) {
            int next = delta[i];
            delta[i] = outputs[next] == null ? next * classes : ~(next * classes);
        }
        return new SubstringAutomaton(classOf, classes, delta, outputs);
    }

    /** Breadth first: failure links, the missing transitions, and each state's lines joined with its failure's. */
    private static void link(int[] table, int classes, int states, List<List<Wildcard>> ends) {
        int[] fail = new int[states];
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        while (head < tail) {
            int s = queue[head++];
            for (int c = 0; c < classes; c++) {
                int at = s * classes + c;
                int child = table[at];
                if (child != 0) {
                    fail[child] = s == 0 ? 0 : table[fail[s] * classes + c];
                    ends.get(child).addAll(ends.get(fail[child]));
                    queue[tail++] = child;
                } else {
                    table[at] = s == 0 ? 0 : table[fail[s] * classes + c];
                }
            }
        }
    }

    private static String key(Wildcard pattern) {
        String run = pattern.longestRun();
        return run.length() > KEY ? run.substring(0, KEY) : run;
    }

    /** The first line whose key {@code line} holds and which matches it whole, or null. */
    BannedEntry find(String line) {
        int s = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            int next = delta[s + (c < 256 ? classOf[c] : 0)];
            if (next >= 0) {
                s = next;
                continue;
            }
            s = ~next;
            for (Wildcard candidate : outputs[s / classes]) {
                if (candidate.matches(line)) {
                    return candidate.entry();
                }
            }
        }
        return null;
    }
}
