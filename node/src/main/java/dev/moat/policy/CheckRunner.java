package dev.moat.policy;

import dev.moat.mail.Reply;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of one stage in order; the first verdict that is not PASS wins (Postfix's
 * restriction lists, James's hooks). Effects of passing verdicts are gathered into the final
 * PASS. A check that throws, or whose stage completes exceptionally, becomes a 451 naming the
 * check, never a silent drop. Checks that answer at once cost no thread hop. Every refusal,
 * whichever check gave it (those written later too), runs in the mode its check has in
 * {@link DecisionModes}: enforced, monitored (the session goes on), turned into a 4xx, or a
 * header; the listener hears the verdict, its mode and what the session does with it.
 */
public final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

    private final Map<Stage, List<Check>> checks;
    private final List<LineCheck> lineChecks;
    private final VerdictListener listener;
    private final DecisionModes modes;

    /** The checks of each stage, and none that watches the lines of a message. */
    public CheckRunner(Map<Stage, List<Check>> checks, VerdictListener listener) {
        this(checks, List.of(), listener);
    }

    public CheckRunner(Map<Stage, List<Check>> checks, List<LineCheck> lineChecks, VerdictListener listener) {
        this(checks, lineChecks, listener, DecisionModes.ENFORCE_ALL);
    }

    /** As above, each refusal in the mode {@code modes} gives its check. */
    public CheckRunner(Map<Stage, List<Check>> checks, List<LineCheck> lineChecks, VerdictListener listener,
            DecisionModes modes) {
        this.modes = modes;
        var copy = new EnumMap<Stage, List<Check>>(Stage.class);
        for (var stage : Stage.values()) {
            copy.put(stage, List.copyOf(checks.getOrDefault(stage, List.of())));
        }
        this.checks = copy;
        this.lineChecks = List.copyOf(lineChecks);
        this.listener = listener;
    }

    /** The checks that watch each line of a message while DATA streams, in order. */
    public List<LineCheck> lineChecks() {
        return lineChecks;
    }

    /**
     * A verdict reached outside {@link #run} (a line check's refusal kept while DATA streamed, a
     * session closed by policy): it runs in its check's mode like any other, the listener hears
     * it, and the answer is what the session does with it.
     */
    public Verdict report(CheckContext context, Verdict verdict) {
        DecisionMode mode = verdict.passes() ? DecisionMode.ENFORCE : modes.modeOf(verdict);
        Verdict applied = DecisionModes.apply(verdict, mode, context.sessionReference());
        listener.onDecision(context, verdict, mode, applied);
        return applied;
    }

    /**
     * A connection refused before its session began (the connection limits): the listener hears
     * {@code verdict} as a CONNECT decision of session {@code reference}, always enforced (a
     * capacity limit has no monitor mode).
     */
    public void refusedBeforeSession(String reference, dev.moat.net.IpAddress client, Verdict verdict) {
        listener.onDecision(new UnopenedSession(reference, client), verdict, DecisionMode.ENFORCE, verdict);
    }

    /** A session ended: the listener keeps its summary for the impact preview. */
    public void sessionEnded(SessionSummary summary) {
        listener.sessionEnded(summary);
    }

    /** The modes the refusals of these checks run in. */
    public DecisionModes modes() {
        return modes;
    }

    /** The checks of a stage, in the order they run. */
    public List<Check> checks(Stage stage) {
        return checks.get(stage);
    }

    public CompletionStage<Verdict> run(CheckContext context) {
        return next(checks.get(context.stage()), 0, context, List.of());
    }

    private CompletionStage<Verdict> next(List<Check> list, int index, CheckContext context, List<Effect> effects) {
        if (index == list.size()) {
            return CompletableFuture.completedFuture(
                    effects.isEmpty() ? Verdict.pass() : Verdict.pass("", "", effects));
        }
        var check = list.get(index);
        CompletionStage<Verdict> stage;
        try {
            stage = check.check(context);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((verdict, failure) -> failure == null && verdict != null
                        ? verdict : failed(check, context, failure))
                .thenCompose(given -> {
                    Verdict verdict = report(context, given);
                    if (!verdict.passes()) {
                        return CompletableFuture.completedFuture(verdict);
                    }
                    var gathered = effects;
                    if (!verdict.effects().isEmpty()) {
                        gathered = new ArrayList<>(effects);
                        gathered.addAll(verdict.effects());
                    }
                    return next(list, index + 1, context, gathered);
                });
    }

    private static Verdict failed(Check check, CheckContext context, Throwable failure) {
        log.error("check {} failed in session {}", check.name(), context.sessionReference(), failure);
        return Verdict.reject(check.name(),
                Reply.temporary(451, "4.3.0", "Temporary failure in check " + check.name() + ", try again later"),
                "check failed: " + (failure == null ? "no verdict" : failure),
                new Match.Other("check-failed", "", failure == null ? "no verdict" : failure.toString()));
    }
}
