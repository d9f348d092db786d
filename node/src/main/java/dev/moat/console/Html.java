package dev.moat.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A piece of HTML that is safe to put in a page, and the console's one small template:
 * {@link #render} fills {@code {{name}}} placeholders, inserting an {@code Html} value as it is
 * and escaping every other value ({@code & < > " '}), so a value from a document, a list line
 * or an answer can never become markup. Markup comes only from the console's own constant
 * templates; {@link #text} escapes. Immutable.
 */
final class Html {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9]+)\\}\\}");
    static final Html EMPTY = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /** Escaped text. */
    static Html text(Object value) {
        return new Html(escape(String.valueOf(value)));
    }

    /**
     * The template with each {@code {{name}}} replaced by the value after that name in
     * {@code namesAndValues} (name, value, name, value...): an {@code Html} as it is, anything
     * else escaped. A placeholder without a value is a programming error.
     */
    static Html render(String template, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            if (!values.containsKey(matcher.group(1))) {
                throw new IllegalArgumentException("no value for {{" + matcher.group(1) + "}}");
            }
            Object value = values.get(matcher.group(1));
            String replacement = value instanceof Html html ? html.markup : escape(String.valueOf(value));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return new Html(out.toString());
    }

    /** The pieces one after the other. */
    static Html join(List<Html> pieces) {
        StringBuilder out = new StringBuilder();
        pieces.forEach(piece -> out.append(piece.markup));
        return new Html(out.toString());
    }

    /** A value for a query string, percent-encoded (then escaped where it lands in an attribute). */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    @Override
    public String toString() {
        return markup;
    }
}
