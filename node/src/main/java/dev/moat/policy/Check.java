package dev.moat.policy;

import java.util.concurrent.CompletionStage;

/**
 * One named protection check. It reads the facts of the session and the settings snapshot
 * and answers with a verdict, possibly later (a DNS lookup); it never blocks the caller and
 * never throws to refuse. A check that fails unexpectedly is turned into a temporary refusal
 * naming it by the {@link CheckRunner}.
 */
public interface Check {

    /** A short, stable name: it appears in replies' references, logs and metrics. */
    String name();

    CompletionStage<Verdict> check(CheckContext context);
}
