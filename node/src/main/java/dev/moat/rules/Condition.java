package dev.moat.rules;

import dev.moat.mail.HeaderField;
import dev.moat.net.NameTemplates;
import dev.moat.policy.CheckContext;
import dev.moat.policy.MessageFacts;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One condition of a rule: what it reads of the message ({@link Subject}) and how it compares
 * it ({@link Operator}). Texts are compared without regard to case, {@code *} in a
 * {@code matches} pattern standing for any run of characters. A subject with several values
 * (the recipients, the fields of one name) holds for {@code any-recipient} and {@code header}
 * when one value passes, for {@code each-recipient} when all do; for a header, {@code is-not},
 * {@code not-in} and {@code not-matches} hold when no field of that name has the value (so also when
 * the field is missing), and {@code missing} asks whether there is such a field at all.
 */
public record Condition(Subject subject, String headerName, Operator operator, List<String> values, long number) {

    /** What a condition reads. */
    public enum Subject {
        SENDER, ANY_RECIPIENT, EACH_RECIPIENT, HEADER, SIZE, ADDRESS_STATUS, AUTHENTICATED, SPF;

        /** The key as written in the settings: {@code any-recipient}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How a condition compares. */
    public enum Operator {
        IS, IS_NOT, IN, NOT_IN, MATCHES, NOT_MATCHES, GREATER_THAN, LESS_THAN, MISSING;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean negative() {
            return this == IS_NOT || this == NOT_IN || this == NOT_MATCHES;
        }
    }

    public Condition {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(operator, "operator");
        values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether this condition holds for the message of {@code context}, whose SPF result {@code spf} tells. */
    public boolean holds(CheckContext context, SpfResults spf) {
        return switch (subject) {
            case SENDER -> text(context.sender().map(p -> p.address()).orElse(""));
            case ANY_RECIPIENT -> context.recipients().stream().anyMatch(r -> text(r.address()));
            case EACH_RECIPIENT -> !context.recipients().isEmpty()
                    && context.recipients().stream().allMatch(r -> text(r.address()));
            case HEADER -> header(context.message().map(MessageFacts::headerFields).orElse(List.of()));
            case SIZE -> size(context.message().map(MessageFacts::size).orElse(0L));
            case ADDRESS_STATUS -> text(statusKey(context));
            case AUTHENTICATED -> text(Boolean.toString(context.authenticatedUser().isPresent()));
            case SPF -> text(spf.result(context));
        };
    }

    /** The status as a condition names it: {@code client}, {@code temporary-client}, {@code blacklisted}, ... */
    static String statusKey(CheckContext context) {
        return context.classification().status().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private boolean header(List<HeaderField> fields) {
        boolean present = false;
        boolean passed = false;
        for (HeaderField field : fields) {
            if (field.named(headerName)) {
                present = true;
                passed |= positive(field.value().toLowerCase(Locale.ROOT));
            }
        }
        if (operator == Operator.MISSING) {
            return values.get(0).equals("true") != present;
        }
        return operator.negative() ? !passed : passed;
    }

    private boolean size(long size) {
        return switch (operator) {
            case GREATER_THAN -> size > number;
            case LESS_THAN -> size < number;
            case IS -> size == number;
            case IS_NOT -> size != number;
            default -> false;
        };
    }

    private boolean text(String value) {
        boolean passed = positive(value.toLowerCase(Locale.ROOT));
        return operator.negative() ? !passed : passed;
    }

    /** The positive form of the operator ({@code is} for {@code is-not}) applied to a lower-cased value. */
    private boolean positive(String value) {
        return switch (operator) {
            case IS, IS_NOT -> value.equals(values.get(0));
            case IN, NOT_IN -> values.contains(value);
            case MATCHES, NOT_MATCHES -> values.stream().anyMatch(p -> NameTemplates.wildcardMatch(p, value));
            default -> false;
        };
    }

    /** {@code header Subject matches *viagra*}, for the decision record. */
    public String describe() {
        String what = subject == Subject.HEADER ? "header " + headerName : subject.key();
        String operand = subject == Subject.SIZE ? Long.toString(number)
                : values.size() == 1 ? values.get(0) : values.toString();
        return what + " " + operator.key() + " " + operand;
    }

    /** The header name a header condition reads; empty for the others. */
    public Optional<String> header() {
        return Optional.ofNullable(headerName);
    }
}
