package dev.moat.policy;

import dev.moat.mail.Reply;
import java.util.List;
import java.util.Objects;

/**
 * What one check decided, and why: the action, the reply a refusal sends, the name of the
 * check, a reason an administrator can read (which list, which line, which record), the
 * effects the check asks for when the session goes on, and what matched as structured data
 * ({@link Match}; a verdict made without one gets its reason as {@link Match.Described}).
 * Verdicts are values: a check never throws to refuse, and the decision record of every
 * decision is built from these alone ({@link DecisionRecords}).
 */
public record Verdict(Action action, Reply reply, String check, String reason, List<Effect> effects, Match match) {

    /** What the session does with a verdict. The first verdict that is not PASS wins. */
    public enum Action { PASS, REJECT, DISCONNECT }

    private static final Verdict PASS = new Verdict(Action.PASS, null, "", "", List.of());
    private static final Match NOTHING = new Match.Described("");

    public Verdict {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
        effects = List.copyOf(effects);
        if (match == null) {
            match = reason.isEmpty() ? NOTHING : new Match.Described(reason);
        }
        if (action != Action.PASS && reply == null) {
            throw new IllegalArgumentException("a " + action + " verdict needs a reply");
        }
        if (action == Action.REJECT && reply.isPositive()) {
            throw new IllegalArgumentException("a refusal needs a 4xx or 5xx reply: " + reply);
        }
    }

    /** A verdict whose match is its reason. */
    public Verdict(Action action, Reply reply, String check, String reason, List<Effect> effects) {
        this(action, reply, check, reason, effects, null);
    }

    /** No opinion: the next check decides. */
    public static Verdict pass() {
        return PASS;
    }

    /** No refusal, but with effects to apply (a header to add, a marker to set). */
    public static Verdict pass(String check, String reason, List<Effect> effects) {
        return new Verdict(Action.PASS, null, check, reason, effects);
    }

    public static Verdict reject(String check, Reply reply, String reason) {
        return new Verdict(Action.REJECT, reply, check, reason, List.of());
    }

    public static Verdict disconnect(String check, Reply reply, String reason) {
        return new Verdict(Action.DISCONNECT, reply, check, reason, List.of());
    }

    /** A refusal that names what matched. */
    public static Verdict reject(String check, Reply reply, String reason, Match match) {
        return new Verdict(Action.REJECT, reply, check, reason, List.of(), match);
    }

    /** A refusal that ends the session, naming what matched. */
    public static Verdict disconnect(String check, Reply reply, String reason, Match match) {
        return new Verdict(Action.DISCONNECT, reply, check, reason, List.of(), match);
    }

    /** A passing verdict with effects, naming what matched (an accepted-with-header verdict). */
    public static Verdict pass(String check, String reason, List<Effect> effects, Match match) {
        return new Verdict(Action.PASS, null, check, reason, effects, match);
    }

    /** This verdict with {@code what} as its match. */
    public Verdict withMatch(Match what) {
        return new Verdict(action, reply, check, reason, effects, what);
    }

    public boolean passes() {
        return action == Action.PASS;
    }
}
