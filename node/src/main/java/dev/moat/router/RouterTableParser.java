package dev.moat.router;

import dev.moat.router.RouterRecord.Prefix;
import dev.moat.router.RouterRecord.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Router table, one record a line: {@code [Relay:|NoRelay:|RelayAll:]<pattern> = target}
 * for addresses, {@code [prefix]domain = target} for domains, {@code ;} starting a comment. A
 * target is an address, a domain, {@code user@host} style forwarding, a local account name, or
 * one of {@code error} (optionally followed by the text to answer), {@code spamtrap} and
 * {@code null}. Every bad line is reported with its number and the whole table is refused.
 */
public final class RouterTableParser {
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z][A-Za-z-]*):");
    private static final Pattern DOMAIN_PATTERN = Pattern.compile("[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?|\\[[0-9a-f:.v]+\\]");
    private static final Pattern ADDRESS_CHARS = Pattern.compile("[\\x21-\\x7e&&[^<>;=\\\\]]+");
    private static final Pattern ERROR_TARGET = Pattern.compile("error(?:[:\\s]\\s*(.*))?", Pattern.CASE_INSENSITIVE);

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
        Matcher written = PREFIX.matcher(body);
        if (written.find()) {
            String word = written.group(1);
            prefix = switch (word.toLowerCase(Locale.ROOT)) {
                case "relay" -> Prefix.RELAY;
                case "norelay" -> Prefix.NO_RELAY;
                case "relayall" -> Prefix.RELAY_ALL;
                default -> null;
            };
            if (prefix == null) {
                return "unknown prefix " + word + ": (Relay:, NoRelay: and RelayAll: are known)";
            }
            rest = body.substring(written.end()).strip();
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
        if (address && !ADDRESS_CHARS.matcher(left).matches()) {
            return "an address pattern holds no spaces, <, >, = or \\";
        }
        if (!address && !DOMAIN_PATTERN.matcher(left).matches()) {
            return "not a domain pattern (letters, digits, -, . and *), nor an address pattern in <>";
        }
        if (right.isEmpty()) {
            return "needs a target after =";
        }
        Target target = target(right);
        if (target.kind() == Target.Kind.REWRITE) {
            if (!ADDRESS_CHARS.matcher(target.value()).matches()) {
                return "a target holds no spaces, <, >, = or \\ (error text goes after the word error)";
            }
            if (Glob.countStars(target.value()) > Glob.countStars(left)) {
                return "the target has more * than the pattern, so some would have nothing to take";
            }
        }
        records.add(new RouterRecord(prefix, address, left, target, source, number, body));
        return null;
    }

    private static Target target(String right) {
        String lower = right.toLowerCase(Locale.ROOT);
        if (lower.equals("spamtrap")) {
            return new Target(Target.Kind.SPAMTRAP, "");
        }
        if (lower.equals("null")) {
            return new Target(Target.Kind.DISCARD, "");
        }
        Matcher error = ERROR_TARGET.matcher(right);
        if (error.matches()) {
            String text = error.group(1) == null ? "" : error.group(1).strip();
            return new Target(Target.Kind.ERROR, text);
        }
        if (right.startsWith("<") && right.endsWith(">")) {
            right = right.substring(1, right.length() - 1).strip();
        }
        return new Target(Target.Kind.REWRITE, right.toLowerCase(Locale.ROOT));
    }
}
