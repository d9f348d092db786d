package dev.moat.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Edits one top-level key of a YAML document as text, so the console can change one setting
 * of the cluster-wide {@code settings} document and leave every other key, and its comments,
 * as they were. A key's block is its line and every line after it up to the next line that
 * starts at the first column (blank lines at its end stay outside). {@link #replace} writes
 * a list as a literal block with an explicit indentation ({@code key: |2}), so any line the
 * user wrote stays exactly as written, or a YAML value indented under the key; an empty value
 * removes the key, which every setting reads as empty. The result tells on which document line
 * the value's first line landed, so the validator's document lines map back to the user's lines.
 */
final class YamlKeyBlock {

    private YamlKeyBlock() {
    }

    /** A document with a key replaced, and the document line (1-based) holding the value's line 1 (0 when removed). */
    record Spliced(String text, int firstValueLine) {
        /** The value's line for document line {@code documentLine}, or 0 when it is outside the value. */
        int valueLine(int documentLine, int valueLines) {
            int line = documentLine - firstValueLine + 1;
            return firstValueLine > 0 && line >= 1 && line <= valueLines ? line : 0;
        }
    }

    /** The lines of the value a user typed: CRLF or CR read as LF, the last line end dropped. */
    static List<String> lines(String value) {
        String text = value.replace("\r\n", "\n").replace('\r', '\n');
        while (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    }

    /**
     * {@code document} with {@code key} holding {@code value}: as a literal block when
     * {@code literal}, else as YAML under the key. An absent key is added at the end.
     */
    static Spliced replace(String document, String key, String value, boolean literal) {
        List<String> valueLines = lines(value);
        List<String> block = new ArrayList<>();
        if (!valueLines.isEmpty()) {
            block.add(key + (literal ? ": |2" : ":"));
            valueLines.forEach(line -> block.add(line.isEmpty() ? "" : "  " + line));
        }
        return splice(document, key, block, 1);
    }

    /** {@code document} with {@code key} holding one plain value on its own line ({@code spf: reject-fail}); several lines go under the key. */
    static Spliced replaceScalar(String document, String key, String value) {
        List<String> valueLines = lines(value);
        if (valueLines.size() != 1) {
            return replace(document, key, value, false);
        }
        return splice(document, key, List.of(key + ": " + valueLines.get(0).strip()), 0);
    }

    /** The plain value written on the key's own line ({@code reject-fail} of {@code spf: reject-fail  # why}); "" when none. */
    static String scalar(String document, String key) {
        List<String> lines = Arrays.asList(document.replace("\r\n", "\n").split("\n", -1));
        int at = keyLine(lines, key);
        if (at < 0) {
            return "";
        }
        String rest = lines.get(at).substring(lines.get(at).indexOf(':') + 1);
        int comment = rest.indexOf(" #");
        rest = (comment < 0 ? rest : rest.substring(0, comment)).strip();
        return rest.length() >= 2 && (rest.startsWith("\"") && rest.endsWith("\"") || rest.startsWith("'") && rest.endsWith("'"))
                ? rest.substring(1, rest.length() - 1) : rest;
    }

    /** {@code document} with the key's block replaced by {@code block}, whose value starts {@code skip} lines after its first. */
    private static Spliced splice(String document, String key, List<String> block, int skip) {
        List<String> lines = new ArrayList<>(Arrays.asList(document.replace("\r\n", "\n").split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int start = keyLine(lines, key);
        int at;
        if (start < 0) {
            at = lines.size();
            lines.addAll(block);
        } else {
            at = start;
            lines.subList(start, blockEnd(lines, start)).clear();
            lines.addAll(start, block);
        }
        String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        return new Spliced(text, block.isEmpty() ? 0 : at + 1 + skip);
    }

    /** The YAML under {@code key}, its common indentation taken off; "" when the key is absent or has its value on its line. */
    static String value(String document, String key) {
        List<String> lines = Arrays.asList(document.replace("\r\n", "\n").split("\n", -1));
        int start = keyLine(lines, key);
        if (start < 0) {
            return "";
        }
        List<String> block = lines.subList(start + 1, blockEnd(lines, start));
        int indent = block.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        block.forEach(line -> out.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
        return out.toString();
    }

    private static int keyLine(List<String> lines, String key) {
        Pattern pattern = Pattern.compile("^" + Pattern.quote(key) + "\\s*:(\\s.*)?$");
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    private static int blockEnd(List<String> lines, int start) {
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).isEmpty() || Character.isWhitespace(lines.get(end).charAt(0)))) {
            end++;
        }
        while (end > start + 1 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return end;
    }
}
