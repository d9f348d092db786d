package dev.moat.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wildcard lines that start and end with {@code *} and whose longest literal run is too
 * short for the {@link GramFilter} ({@code *ab*}), found by one Aho-Corasick automaton over
 * their longest run: one pass over the line, one table step per octet, whatever the number of
 * lines; a state where a key ends has its lines matched whole. Octets are mapped to classes
 * (those the keys use, and one for all others), so the table holds states times classes
 * entries, few since every key is short.
 */
final class SubstringAutomaton {
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
            byte[] key = pattern.longestRun();
            states += key.length;
            for (byte c : key) {
                used[c & 0xFF] = true;
            }
        }
        int classes = 1;
        for (boolean u : used) {
            classes += u ? 1 : 0;
        }
        return states * classes;
    }

    /** The automaton of {@code patterns}, at least one. */
    static SubstringAutomaton of(List<Wildcard> patterns) {
        int[] classOf = new int[256];
        int classes = 1;
        int total = 1;
        for (Wildcard pattern : patterns) {
            byte[] key = pattern.longestRun();
            total += key.length;
            for (byte octet : key) {
                int c = octet & 0xFF;
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
            int s = 0;
            for (byte octet : pattern.longestRun()) {
                int at = s * classes + classOf[octet & 0xFF];
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

    /** The first line whose key the {@code n} octets of {@code a} from {@code from} hold and which they match whole, or null. */
    BannedEntry find(byte[] a, int from, int n) {
        int s = 0;
        for (int i = from, end = from + n; i < end; i++) {
            int next = delta[s + classOf[a[i] & 0xFF]];
            if (next >= 0) {
                s = next;
                continue;
            }
            s = ~next;
            for (Wildcard candidate : outputs[s / classes]) {
                if (candidate.matches(a, from, n)) {
                    return candidate.entry();
                }
            }
        }
        return null;
    }
}
