package dev.moat.rules;

import java.util.List;
import java.util.Objects;

/**
 * One rule of the chapter's "Filtering Mail": a name, the conditions that must all hold (none
 * means every message), and the actions taken in order when they do. {@code where} says where
 * it was written ({@code server line 12}, {@code cluster line 3}), for logs and decisions.
 */
public record Rule(String name, List<Condition> conditions, List<RuleAction> actions, String where) {
    public Rule {
        Objects.requireNonNull(name, "name");
        conditions = List.copyOf(conditions);
        actions = List.copyOf(actions);
        Objects.requireNonNull(where, "where");
    }

    /** Whether every condition holds for the message of {@code context}. */
    public boolean applies(dev.moat.policy.CheckContext context, SpfResults spf) {
        for (Condition condition : conditions) {
            if (!condition.holds(context, spf)) {
                return false;
            }
        }
        return true;
    }
}
