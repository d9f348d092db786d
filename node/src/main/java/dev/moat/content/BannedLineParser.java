package dev.moat.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of a banned-line list: one banned line a line of the document, as copied from
 * a message, nothing stripped and no comment syntax (a message line may hold anything). In a
 * header list a line that starts with a space or a tab continues the line before it, joined
 * with CRLF, so a wrapped header field is written as it came. A document's own line ends (LF,
 * or CRLF) are not part of the lines. Refused, each naming its line: an empty or blank line
 * (it would ban every message holding one), a line of stars only (it would ban every
 * message), a control character other than tab, a line over {@value #MAX_OCTETS} octets (SMTP
 * carries none longer), a header continuation with no line before it. Lines are kept as their
 * UTF-8 octets, one char each, the form message lines are compared in.
 */
final class BannedLineParser {
    static final int MAX_OCTETS = 998;

    /** One banned line in octet form, with the document line it starts on. */
    record Line(String octets, int line) {
    }

    private BannedLineParser() {
    }

    /** Every banned line of {@code text}; {@code errors} receives every bad line. */
    static List<Line> read(String text, BannedList list, List<BannedLines.LineError> errors) {
        List<Line> lines = new ArrayList<>();
        String[] rows = text.split("\n", -1);
        int count = rows.length;
        if (count > 0 && rows[count - 1].isEmpty()) {
            count--; // the document's last line end
        }
        StringBuilder field = null;
        int fieldLine = 0;
        for (int i = 0; i < count; i++) {
            String row = rows[i].endsWith("\r") ? rows[i].substring(0, rows[i].length() - 1) : rows[i];
            String octets = new String(row.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            String problem = problem(row, octets);
            if (problem != null) {
                errors.add(new BannedLines.LineError(i + 1, problem));
                continue;
            }
            boolean continuation = row.charAt(0) == ' ' || row.charAt(0) == '\t';
            if (list == BannedList.HEADER && continuation) {
                if (field == null) {
                    errors.add(new BannedLines.LineError(i + 1, "continues a header line (it starts with a space or a tab) "
                            + "but no line comes before it"));
                } else {
                    field.append("\r\n").append(octets);
                }
                continue;
            }
            if (field != null) {
                lines.add(new Line(field.toString(), fieldLine));
            }
            field = new StringBuilder(octets);
            fieldLine = i + 1;
        }
        if (field != null) {
            lines.add(new Line(field.toString(), fieldLine));
        }
        return lines;
    }

    /** What is wrong with one row, or null. */
    private static String problem(String row, String octets) {
        if (row.isEmpty() || row.isBlank()) {
            return "is empty or blank: it would ban every message holding such a line (remove it)";
        }
        boolean stars = true;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            stars &= c == '*';
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return String.format("holds the control character U+%04X at column %d; only tab is allowed "
                        + "(a wrapped header line is written as lines that start with a space or a tab)", (int) c, i + 1);
            }
        }
        if (stars) {
            return "is only wildcards: it would ban every message";
        }
        if (octets.length() > MAX_OCTETS) {
            return "is " + octets.length() + " octets long; SMTP carries no line over " + MAX_OCTETS
                    + ", so it could never match";
        }
        return null;
    }
}
