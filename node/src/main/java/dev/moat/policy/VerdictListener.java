package dev.moat.policy;

/** Hears every verdict the runner reaches, PASS included: metrics and the decision log. */
@FunctionalInterface
public interface VerdictListener {

    void onVerdict(CheckContext context, Verdict verdict);

    VerdictListener NONE = (context, verdict) -> { };
}
