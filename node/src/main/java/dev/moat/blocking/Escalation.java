package dev.moat.blocking;

import dev.moat.settings.TemporaryBlockingSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.time.Duration;

/**
 * Beyond the chapter, off by default ({@code temporary-blocking.escalation}): a repeat
 * offender's new block, when its last block started within a day, lasts twice as long as that
 * one, up to {@code max-blocking-time}. The history is kept by the cluster, on the key's owner.
 */
final class Escalation {
    private final TemporaryLists lists;

    Escalation(TemporaryLists lists) {
        this.lists = lists;
    }

    /** How long a new block of {@code key} lasts under {@code rules}. */
    CompletionStage<Duration> lengthOf(String key, long nowMillis, TemporaryBlockingSettings rules) {
        if (!rules.escalation().enabled()) {
            return CompletableFuture.completedFuture(rules.blockingTime());
        }
        return lists.escalate(key, nowMillis, rules.blockingTime(), rules.escalation().maxBlockingTime());
    }
}
