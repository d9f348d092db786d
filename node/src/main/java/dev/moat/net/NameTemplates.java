package dev.moat.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A DNS-name list of the chapter ("Blacklisting Domains by Name"): one template a line, {@code *}
 * matching any run of characters (the empty run too), matched against a reverse name without
 * regard to case; {@code ;} starts a comment, blank lines are skipped. A template may match
 * the text that stands for a failed lookup, such as {@code (host name is unknown)}. Templates
 * are tried in order and the first that matches is the answer, with its line. Immutable.
 */
public final class NameTemplates {
    private static final NameTemplates EMPTY = new NameTemplates(List.of(), "");

    /** One template as written, lower-cased, with its line in the list. */
    public record Template(String pattern, int line) {
    }

    /** A line that is no template: its number and why. */
    public record LineError(int line, String message) {
    }

    /** The list, or the errors (then the list is empty). */
    public record Parsed(NameTemplates templates, List<LineError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final List<Template> templates;

    private final String text;

    private NameTemplates(List<Template> templates, String text) {
        this.templates = List.copyOf(templates);
        this.text = text;
    }

    public static NameTemplates empty() {
        return EMPTY;
    }

    public static Parsed parse(String text) {
        List<Template> read = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf(';');
            String body = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (body.isEmpty()) {
                continue;
            }
            if (body.length() > 255 || !body.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                errors.add(new LineError(i + 1, "a name template is printable ASCII of at most 255 characters: " + body));
                continue;
            }
            read.add(new Template(body.toLowerCase(Locale.ROOT), i + 1));
        }
        return errors.isEmpty() ? new Parsed(new NameTemplates(read, text), List.of()) : new Parsed(EMPTY, errors);
    }

    /** The list as written, comments included. */
    public String text() {
        return text;
    }

    public boolean isEmpty() {
        return templates.isEmpty();
    }

    /** The first template that matches {@code name}, whatever its case. */
    public Optional<Template> match(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Template template : templates) {
            if (matches(template.pattern(), 0, lower, 0)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} matches {@code pattern}, {@code *} matching any run of characters,
     * both compared as given (lower-case both to ignore case).
     */
    public static boolean wildcardMatch(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    /** Whether {@code pattern} from {@code p} matches {@code text} from {@code t}; stars backtrack. */
    private static boolean matches(String pattern, int p, String text, int t) {
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
