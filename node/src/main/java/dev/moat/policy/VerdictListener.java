package dev.moat.policy;

/** Hears every verdict the runner reaches, PASS included: metrics and the decision log. */
@FunctionalInterface
public interface VerdictListener {

    void onVerdict(CheckContext context, Verdict verdict);

    /**
     * A verdict as the check gave it, the mode its check runs in, and what the session does with
     * it ({@code applied}: the same verdict in {@code enforce} mode). By default only the applied
     * verdict is heard.
     */
    default void onDecision(CheckContext context, Verdict verdict, DecisionMode mode, Verdict applied) {
        onVerdict(context, applied);
    }

    /** A session ended; what it did is summarised for the impact preview. By default nothing is kept. */
    default void sessionEnded(SessionSummary summary) {
    }

    VerdictListener NONE = (context, verdict) -> { };
}
