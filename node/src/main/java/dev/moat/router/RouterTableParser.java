package dev.moat.router;

import dev.moat.router.RouterRecord.Prefix;
import dev.moat.router.RouterRecord.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Router table, one record a line: {@code [Relay:|NoRelay:|RelayAll:]<pattern> = target}
 * for addresses, {@code [prefix]domain = target} for domains, {@code ;} starting a comment. A
 * target is an address, a domain, {@code user@host} style forwarding, a local account name, or
 * one of {@code error} (optionally followed by the text to answer), {@code spamtrap} and
 * {@code null}. Every bad line is reported with its number and the whole table is refused.
 */
public final class RouterTableParser {
    // Hand-written scanners rather than regular expressions: a 100,000-line table compiles in well under 2 s.

    /** One bad line: its number in the table and what is wrong. */
    public record LineError(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** A table, or every error found (then the table is {@code null}). */
    public record Parsed(RouterTable table, List<LineError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private RouterTableParser() {
    }

    static Parsed parse(String text, String source) {
        List<RouterRecord> records = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            int comment = line.indexOf(';');
            String body = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (body.isEmpty()) {
                continue;
            }
            String problem = read(body, source, number, records);
            if (problem != null) {
                errors.add(new LineError(number, problem + ": " + body));
                continue;
            }
            RouterRecord added = records.get(records.size() - 1);
            String key = (added.addressRecord() ? "<" : "") + added.pattern();
            Integer first = seen.putIfAbsent(key, number);
            if (first != null) {
                errors.add(new LineError(number, "routes the same " + (added.addressRecord() ? "address" : "domain")
                        + " as line " + first + ", so it would never apply: " + body));
            }
        }
        return errors.isEmpty()
                ? new Parsed(RouterTable.of(records), List.of())
                : new Parsed(null, errors);
    }

    /** Adds the record of {@code body} to {@code records}, or answers what is wrong with it. */
    private static String read(String body, String source, int number, List<RouterRecord> records) {
        Prefix prefix = Prefix.NONE;
        String rest = body;
        int colon = prefixEnd(body);
        if (colon > 0) {
            String word = body.substring(0, colon);
            prefix = switch (word.toLowerCase(Locale.ROOT)) {
                case "relay" -> Prefix.RELAY;
                case "norelay" -> Prefix.NO_RELAY;
                case "relayall" -> Prefix.RELAY_ALL;
                default -> null;
            };
            if (prefix == null) {
                return "unknown prefix " + word + ": (Relay:, NoRelay: and RelayAll: are known)";
            }
            rest = body.substring(colon + 1).strip();
        }
        boolean address = rest.startsWith("<");
        int close = address ? rest.indexOf('>') : -1;
        if (address && close < 0) {
            return "missing > after the address pattern";
        }
        int equals = rest.indexOf('=', address ? close : 0);
        if (equals < 0) {
            return "needs = between the pattern and the target";
        }
        if (address && !rest.substring(close + 1, equals).isBlank()) {
            return "unexpected text between > and =";
        }
        String left = (address ? rest.substring(1, close) : rest.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
        String right = rest.substring(equals + 1).strip();
        if (left.isEmpty()) {
            return address ? "empty address pattern <>" : "needs a domain before =";
        }
        if (address && !addressChars(left)) {
            return "an address pattern holds no spaces, <, >, = or \\";
        }
        if (!address && !domainPattern(left)) {
            return "not a domain pattern (letters, digits, -, . and *), nor an address pattern in <>";
        }
        if (right.isEmpty()) {
            return "needs a target after =";
        }
        Target target = target(right);
        if (target.kind() == Target.Kind.REWRITE) {
            if (!addressChars(target.value())) {
                return "a target holds no spaces, <, >, = or \\ (error text goes after the word error)";
            }
            if (Glob.countStars(target.value()) > Glob.countStars(left)) {
                return "the target has more * than the pattern, so some would have nothing to take";
            }
        }
        records.add(new RouterRecord(prefix, address, left, target, source, number, body));
        return null;
    }

    /** The index of the colon ending a leading {@code Word:} prefix, or -1. */
    private static int prefixEnd(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == ':') {
                return i;
            }
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(c == '-' && i > 0)) {
                return -1;
            }
        }
        return -1;
    }

    /** Printable ASCII without {@code < > ; = \\} and never empty. */
    private static boolean addressChars(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '<' || c == '>' || c == ';' || c == '=' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Letters, digits, {@code -}, {@code .} and {@code *}, neither starting nor ending with {@code .} or {@code -}; or an IP literal in brackets. */
    private static boolean domainPattern(String text) {
        if (text.length() > 2 && text.startsWith("[") && text.endsWith("]")) {
            for (int i = 1; i < text.length() - 1; i++) {
                char c = text.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.' || c == 'v')) {
                    return false;
                }
            }
            return true;
        }
        if (text.isEmpty() || edge(text.charAt(0)) || edge(text.charAt(text.length() - 1))) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '*')) {
                return false;
            }
        }
        return true;
    }

    private static boolean edge(char c) {
        return c == '.' || c == '-';
    }

    private static Target target(String right) {
        String lower = right.toLowerCase(Locale.ROOT);
        if (lower.equals("spamtrap")) {
            return new Target(Target.Kind.SPAMTRAP, "");
        }
        if (lower.equals("null")) {
            return new Target(Target.Kind.DISCARD, "");
        }
        if (lower.startsWith("error") && (lower.length() == 5 || lower.charAt(5) == ':'
                || Character.isWhitespace(lower.charAt(5)))) {
            return new Target(Target.Kind.ERROR, right.substring(Math.min(6, right.length())).strip());
        }
        if (right.startsWith("<") && right.endsWith(">")) {
            right = right.substring(1, right.length() - 1).strip();
        }
        return new Target(Target.Kind.REWRITE, right.toLowerCase(Locale.ROOT));
    }
}
