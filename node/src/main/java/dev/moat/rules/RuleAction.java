package dev.moat.rules;

import java.util.List;
import java.util.Objects;

/**
 * One action of a rule, in the order written: {@code reject} refuses the message with a
 * {@code 554 5.7.1} and its text; {@code discard} accepts it with 250 and hands it to nobody;
 * {@code redirect} replaces the recipients and {@code add-recipients} adds some, each routed by
 * the Router and relayed only as it allows; {@code add-header} prepends a field;
 * {@code tag-subject} puts a tag in front of the Subject; {@code stop} ends the rule list after
 * this rule; {@code execute} runs an external {@link Program}, whose answer may do any of
 * accept, reject, discard or add header fields. Reject and discard end the rule list too.
 */
public sealed interface RuleAction {

    /** The action's name as written, also the {@code action} tag of {@code moat.rules.actions}. */
    String key();

    record Reject(String text) implements RuleAction {
        public Reject {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String key() {
            return "reject";
        }
    }

    record Discard() implements RuleAction {
        @Override
        public String key() {
            return "discard";
        }
    }

    record Redirect(List<String> addresses) implements RuleAction {
        public Redirect {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String key() {
            return "redirect";
        }
    }

    record AddRecipients(List<String> addresses) implements RuleAction {
        public AddRecipients {
            addresses = List.copyOf(addresses);
        }

        @Override
        public String key() {
            return "add-recipients";
        }
    }

    /** {@code value} is checked when read: no line break but folding, as {@code mail.HeaderEdits} wants. */
    record AddHeader(String name, String value) implements RuleAction {
        @Override
        public String key() {
            return "add-header";
        }
    }

    record TagSubject(String tag) implements RuleAction {
        @Override
        public String key() {
            return "tag-subject";
        }
    }

    record Stop() implements RuleAction {
        @Override
        public String key() {
            return "stop";
        }
    }

    record Execute(Program program) implements RuleAction {
        public Execute {
            Objects.requireNonNull(program, "program");
        }

        @Override
        public String key() {
            return "execute";
        }
    }
}
