package dev.moat.settings;

import dev.moat.rules.Condition;
import dev.moat.rules.Condition.Operator;
import dev.moat.rules.Condition.Subject;
import dev.moat.rules.Rule;
import dev.moat.rules.RuleAction;
import dev.moat.rules.SpfResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the {@code rules} list of a settings document (the server-wide file, or the cluster
 * document {@code rules}): each rule a mapping of {@code name}, {@code when} (the conditions,
 * each one subject key holding one operator) and {@code then} (the actions, read by
 * {@link RuleActionsReader}). Every mistake is an error at its own line, so a document with
 * one bad rule is refused whole and the rules in force stay.
 */
final class RulesReader {
    private static final Set<String> STATUSES = Set.of("client", "temporary-client", "white-hole", "blacklisted",
            "stranger");
    private static final List<Operator> TEXT = List.of(Operator.IS, Operator.IS_NOT, Operator.IN, Operator.NOT_IN,
            Operator.MATCHES, Operator.NOT_MATCHES);
    private static final List<Operator> CHOICE = List.of(Operator.IS, Operator.IS_NOT, Operator.IN, Operator.NOT_IN);

    private RulesReader() {
    }

    /** The rules under {@code rules}, {@code source} ({@code server}, {@code cluster}) naming where each was written. */
    static List<Rule> read(MappingReader r, String source) {
        List<Rule> rules = r.list("rules", List.of(), item -> rule(item, source));
        List<String> names = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule != null && names.contains(rule.name())) {
                r.error("rules", "rule " + rule.name() + " is named twice; names must be unique");
            }
            if (rule != null) {
                names.add(rule.name());
            }
        }
        return rules.stream().filter(Objects::nonNull).toList();
    }

    private static Rule rule(MappingReader r, String source) {
        String name = r.text("name", "").strip();
        List<Condition> when = r.list("when", List.of(), RulesReader::condition);
        List<RuleAction> then = r.list("then", List.of(), RuleActionsReader::action);
        boolean bad = false;
        if (name.isEmpty() || name.length() > 100) {
            r.error("name", "every rule needs a name of 1 to 100 characters");
            bad = true;
        }
        if (then.isEmpty() && r.has("name")) {
            r.error("then", "a rule needs at least one action");
            bad = true;
        }
        if (bad || when.stream().anyMatch(Objects::isNull) || then.stream().anyMatch(Objects::isNull)) {
            return null;
        }
        return new Rule(name, when, then, source + " line " + r.line());
    }

    /** One condition: exactly one subject key, whose mapping holds exactly one operator. */
    private static Condition condition(MappingReader r) {
        Condition found = null;
        int subjects = 0;
        for (Subject subject : Subject.values()) {
            boolean present = r.has(subject.key());
            Condition read = r.section(subject.key(), s -> test(s, subject, present));
            if (present) {
                subjects++;
                found = read;
            }
        }
        if (subjects != 1) {
            r.error("a condition names exactly one of sender, any-recipient, each-recipient, header, size,"
                    + " address-status, authenticated, spf");
            return null;
        }
        return found;
    }

    /** The operator of one subject; every operator key is asked for, so the schema knows them all. */
    private static Condition test(MappingReader r, Subject subject, boolean present) {
        String header = subject == Subject.HEADER ? r.text("name", "").strip() : null;
        List<Operator> written = new ArrayList<>();
        List<String> values = List.of();
        for (Operator operator : Operator.values()) {
            if (operator == Operator.MISSING && subject != Subject.HEADER) {
                continue;
            }
            List<String> read = operator == Operator.IN || operator == Operator.NOT_IN
                    ? r.texts(operator.key()).stream().map(MappingReader.Item::text).map(String::strip).toList()
                    : List.of(r.scalarText(operator.key(), "").strip());
            if (r.has(operator.key())) {
                written.add(operator);
                values = read;
            }
        }
        if (!present) {
            return null;
        }
        if (written.size() != 1) {
            r.error("give exactly one operator: is, is-not, in, not-in, matches, not-matches, greater-than,"
                    + " less-than" + (subject == Subject.HEADER ? ", missing" : ""));
            return null;
        }
        Operator operator = written.get(0);
        if (subject == Subject.HEADER && (header.isEmpty() || !header.chars().allMatch(c -> c > ' ' && c <= '~'
                && c != ':'))) {
            r.error("name", "a header condition needs the field name, such as To or Subject");
            return null;
        }
        String problem = problem(subject, operator, values);
        if (problem != null) {
            r.error(operator.key(), problem);
            return null;
        }
        long number = subject == Subject.SIZE ? Units.parseSize(values.get(0)).orElse(0) : 0;
        return new Condition(subject, header, operator, values, number);
    }

    /** What is wrong with {@code values} for this subject and operator; null when nothing is. */
    private static String problem(Subject subject, Operator operator, List<String> values) {
        // The null reverse path of bounces is the empty sender: the one empty value a condition may name.
        if (values.isEmpty() || (subject != Subject.SENDER && values.stream().anyMatch(String::isEmpty))) {
            return "needs a value";
        }
        switch (subject) {
            case SIZE: {
                boolean allowed = operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN
                        || operator == Operator.IS || operator == Operator.IS_NOT;
                OptionalLong size = Units.parseSize(values.get(0));
                return !allowed ? "size takes greater-than, less-than, is or is-not"
                        : size.isEmpty() ? "must be " + Units.SIZE_FORM : null;
            }
            case HEADER:
                if (operator == Operator.MISSING) {
                    return values.get(0).equals("true") || values.get(0).equals("false") ? null
                            : "missing must be true or false";
                }
                return TEXT.contains(operator) ? null : subject.key() + " takes " + names(TEXT) + " or missing";
            case ADDRESS_STATUS:
                return choice(operator, values, STATUSES);
            case AUTHENTICATED:
                return choice(operator, values, Set.of("true", "false"));
            case SPF:
                return choice(operator, values, SpfResults.RESULTS);
            default:
                return TEXT.contains(operator) ? null : subject.key() + " takes " + names(TEXT);
        }
    }

    private static String choice(Operator operator, List<String> values, Set<String> allowed) {
        if (!CHOICE.contains(operator)) {
            return "takes " + names(CHOICE);
        }
        for (String value : values) {
            if (!allowed.contains(value.toLowerCase(java.util.Locale.ROOT))) {
                return value + " is not one of " + String.join(", ", allowed.stream().sorted().toList());
            }
        }
        return null;
    }

    private static String names(List<Operator> operators) {
        return String.join(", ", operators.stream().map(Operator::key).toList());
    }
}
