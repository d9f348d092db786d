package dev.moat.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A check that decides from what it holds and the context alone, at once: no lookup to wait for. */
public interface ImmediateCheck extends Check {

    Verdict judge(CheckContext context);

    @Override
    default CompletionStage<Verdict> check(CheckContext context) {
        return CompletableFuture.completedFuture(judge(context));
    }
}
