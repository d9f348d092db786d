package dev.moat.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One banned-line list of one layer, compiled (chapter: "Banning Mail by Header and Body
 * Lines"): lines without {@code *} in a hash table of their octets, so a message line costs one
 * lookup however many there are; lines with {@code *} indexed by the literal run they must
 * start with, else the run they must end with, else found by sampling the line for their
 * longest run ({@link GramFilter}; an automaton for runs under eight octets), so their cost does
 * not grow with the exact lines either. {@link #find} answers the list line a message line
 * (its octets, as a range of a byte array: no string is made) matches, or null. Immutable, and
 * safe to share between sessions.
 */
public final class BannedLines {
    /** More table entries than this for the lines that start and end with {@code *} refuse the list (about 128 MB). */
    static final long MAX_AUTOMATON_ENTRIES = 32L << 20;

    private final BannedList list;
    private final int size;
    /** The fewest octets a line any wildcard matches holds; above any line's length when there is no wildcard. */
    private final int wildcardMin;
    /** Each null when no line is of its kind, so a list without such lines costs nothing for them. */
    private final ExactTable exact;
    private final AnchorTable prefixes;
    private final AnchorTable suffixes;
    private final GramFilter inner;
    private final SubstringAutomaton shortInner;

    /** A line of the document that is no banned line: its number (0: the whole document) and why. */
    public record LineError(int line, String message) {
    }

    /** The list, or every bad line (then the list is null). */
    public record Parsed(BannedLines lines, List<LineError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private BannedLines(BannedList list, Map<String, BannedEntry> exact, List<Wildcard> prefixed,
            List<Wildcard> suffixed, List<Wildcard> inner, List<Wildcard> shortInner) {
        this.list = list;
        this.size = exact.size() + prefixed.size() + suffixed.size() + inner.size() + shortInner.size();
        int min = Integer.MAX_VALUE;
        for (List<Wildcard> kind : List.of(prefixed, suffixed, inner, shortInner)) {
            for (Wildcard wildcard : kind) {
                min = Math.min(min, wildcard.minLength());
            }
        }
        this.wildcardMin = min;
        this.exact = exact.isEmpty() ? null : new ExactTable(exact.values());
        this.prefixes = prefixed.isEmpty() ? null : AnchorTable.of(prefixed, false);
        this.suffixes = suffixed.isEmpty() ? null : AnchorTable.of(suffixed, true);
        this.inner = inner.isEmpty() ? null : GramFilter.of(inner);
        this.shortInner = shortInner.isEmpty() ? null : SubstringAutomaton.of(shortInner);
    }

    /** A list with no line. */
    public static BannedLines empty(BannedList list) {
        return new BannedLines(list, Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The list {@code text} holds, for {@code layer} ({@code server-wide} or {@code cluster-wide}). */
    public static Parsed parse(String text, BannedList list, String layer) {
        List<LineError> errors = new ArrayList<>();
        List<BannedLineParser.Line> lines = BannedLineParser.read(text, list, errors);
        Map<String, BannedEntry> exact = new HashMap<>(Math.max(16, lines.size() * 2));
        List<Wildcard> prefixed = new ArrayList<>();
        List<Wildcard> suffixed = new ArrayList<>();
        List<Wildcard> inner = new ArrayList<>();
        List<Wildcard> shortInner = new ArrayList<>();
        for (BannedLineParser.Line line : lines) {
            BannedEntry entry = new BannedEntry(line.octets(), list, layer, line.line());
            if (line.octets().indexOf('*') < 0) {
                exact.putIfAbsent(line.octets(), entry);
                continue;
            }
            Wildcard wildcard = new Wildcard(entry);
            (wildcard.prefix() != null ? prefixed : wildcard.suffix() != null ? suffixed
                    : wildcard.longestRun().length >= GramFilter.GRAM ? inner : shortInner).add(wildcard);
        }
        if (SubstringAutomaton.entries(shortInner) > MAX_AUTOMATON_ENTRIES) {
            errors.add(new LineError(0, shortInner.size() + " lines start and end with * around a run of "
                    + "fewer than " + GramFilter.GRAM + " octets: too many to compile (write the start or the "
                    + "end of the line without a wildcard, or a longer run)"));
        }
        if (!errors.isEmpty()) {
            return new Parsed(null, List.copyOf(errors));
        }
        return new Parsed(new BannedLines(list, exact, prefixed, suffixed, inner, shortInner), List.of());
    }

    public BannedList list() {
        return list;
    }

    /** How many distinct lines the list holds. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The list line that {@code line} (octets, one char each) matches, or null. */
    public BannedEntry find(String line) {
        byte[] octets = line.getBytes(StandardCharsets.ISO_8859_1);
        return find(octets, 0, octets.length);
    }

    /** The list line that the {@code length} octets of {@code octets} from {@code from} match, or null. */
    public BannedEntry find(byte[] octets, int from, int length) {
        BannedEntry found = exact == null ? null : exact.find(octets, from, length);
        if (found != null || length < wildcardMin) {
            return found;
        }
        if (prefixes != null && (found = prefixes.find(octets, from, length)) != null) {
            return found;
        }
        if (suffixes != null && (found = suffixes.find(octets, from, length)) != null) {
            return found;
        }
        if (inner != null && (found = inner.find(octets, from, length)) != null) {
            return found;
        }
        return shortInner == null ? null : shortInner.find(octets, from, length);
    }
}
