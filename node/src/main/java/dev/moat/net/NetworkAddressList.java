package dev.moat.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network address list as written by an administrator, with its compiled
 * {@link AddressSet} (spec/NOTES.md, "Network address lists"). One entry a line: an address
 * ({@code 192.0.2.7}, {@code 2001:db8::7}); a range with both ends included
 * ({@code 192.0.2.10-192.0.2.20}, spaces around {@code -} allowed, both ends of one family,
 * first not after last); a prefix ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, bits right of
 * the prefix zero, spaces around {@code /} allowed); or {@code !} and one of those, an
 * exclusion that removes addresses from what the lines above built. An address is in the set
 * when the last line covering it is an inclusion, so a later line can add excluded addresses
 * back. Text after {@code ;} is a comment; blank lines are ignored; lines end with LF, CRLF
 * or CR. Addresses are literals as {@link IpAddress} reads them: an octet with a leading zero
 * ({@code 010.1.1.1}) is refused as ambiguous octal, and IPv4-mapped IPv6 is IPv4. A
 * document with any bad line is refused whole, every bad line reported, so the caller keeps
 * its previous list. Immutable and thread-safe.
 */
public final class NetworkAddressList {
    private static final NetworkAddressList EMPTY = new NetworkAddressList("", AddressSet.empty(), 0, new int[] {0});
    /** Every this many lines, the index remembers where a line starts. */
    private static final int LINES_PER_MARK = 32;

    /** One line that did not parse: 1-based line number, the line as written, why. */
    public record LineError(int line, String text, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message + ": " + text;
        }
    }

    /** Either a list (and no errors) or the errors of every bad line (and no list). */
    public record ParseResult(NetworkAddressList list, List<LineError> errors) {
        public ParseResult {
            errors = List.copyOf(errors);
            if ((list == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("a parse result has either a list or errors");
            }
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final String text;
    private final AddressSet addresses;
    private final int entryCount;
    /** The offset of lines 1, 33, 65 ...: {@link #line} scans at most 31 lines from a mark. */
    private final int[] lineMarks;

    private NetworkAddressList(String text, AddressSet addresses, int entryCount, int[] lineMarks) {
        this.text = text;
        this.addresses = addresses;
        this.entryCount = entryCount;
        this.lineMarks = lineMarks;
    }

    public static ParseResult parse(String text) {
        Objects.requireNonNull(text, "text");
        AddressSet.Builder builder = AddressSet.builder();
        EntryParser entry = new EntryParser();
        List<LineError> errors = new ArrayList<>();
        int entries = 0;
        int lineNumber = 0;
        int length = text.length();
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        int[] marks = new int[16];
        while (pos < length) {
            if (lineNumber % LINES_PER_MARK == 0) {
                if (lineNumber / LINES_PER_MARK == marks.length) {
                    marks = Arrays.copyOf(marks, marks.length * 2);
                }
                marks[lineNumber / LINES_PER_MARK] = pos;
            }
            lineNumber++;
            int end = lineEnd(text, pos);
            int semicolon = EntryParser.indexOf(text, ';', pos, end);
            int from = EntryParser.skipSpace(text, pos, semicolon < 0 ? end : semicolon);
            int to = EntryParser.trimEnd(text, from, semicolon < 0 ? end : semicolon);
            if (from < to) {
                String error = entry.parse(text, from, to);
                if (error != null) {
                    errors.add(new LineError(lineNumber, text.substring(pos, end), error));
                } else if (errors.isEmpty()) {
                    builder.add(entry.firstHigh, entry.firstLow, entry.lastHigh, entry.lastLow,
                            entry.exclusion ? 0 : lineNumber);
                    entries++;
                }
            }
            pos = end + (text.startsWith("\r\n", end) ? 2 : 1);
        }
        return errors.isEmpty()
                ? new ParseResult(new NetworkAddressList(text, builder.build(), entries,
                        Arrays.copyOf(marks, Math.max(1, (lineNumber + LINES_PER_MARK - 1) / LINES_PER_MARK))), List.of())
                : new ParseResult(null, errors);
    }

    public static NetworkAddressList empty() {
        return EMPTY;
    }

    public AddressSet addresses() {
        return addresses;
    }

    /** The text as given, for display and round trips. */
    public String text() {
        return text;
    }

    /** The number of lines that are entries (not comments or blank). */
    public int entryCount() {
        return entryCount;
    }

    /**
     * Line {@code number} (1-based) as written, to show why an address is in the set; found
     * from the nearest of the marks kept every 32 lines, so even a list of a million lines
     * answers in microseconds.
     */
    public Optional<String> line(int number) {
        if (number < 1) {
            return Optional.empty();
        }
        int mark = (number - 1) / LINES_PER_MARK;
        if (mark >= lineMarks.length) {
            return Optional.empty();
        }
        int pos = lineMarks[mark];
        for (int n = mark * LINES_PER_MARK + 1; pos < text.length(); n++) {
            int end = lineEnd(text, pos);
            if (n == number) {
                return Optional.of(text.substring(pos, end));
            }
            pos = end + (text.startsWith("\r\n", end) ? 2 : 1);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "NetworkAddressList[" + entryCount + " entries, " + addresses + "]";
    }

    private static int lineEnd(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }
}
