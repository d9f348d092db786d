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
 * check, never a silent drop. Checks that answer at once cost no thread hop.
 */
public final class CheckRunner {
    private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

    private final Map<Stage, List<Check>> checks;
    private final List<LineCheck> lineChecks;
    private final VerdictListener listener;

    /** The checks of each stage, and none that watches the lines of a message. */
    public CheckRunner(Map<Stage, List<Check>> checks, VerdictListener listener) {
        this(checks, List.of(), listener);
    }

    public CheckRunner(Map<Stage, List<Check>> checks, List<LineCheck> lineChecks, VerdictListener listener) {
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

    /** A line check's refusal, kept while DATA streamed: the listener hears it like any verdict. */
    public void report(CheckContext context, Verdict verdict) {
        listener.onVerdict(context, verdict);
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
                .thenCompose(verdict -> {
                    listener.onVerdict(context, verdict);
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
                "check failed: " + (failure == null ? "no verdict" : failure));
    }
}
