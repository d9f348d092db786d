package dev.moat.policy;

import dev.moat.metrics.MoatMetrics;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every verdict the checks reach and keeps the record of each decision, from the verdict
 * alone: every refusal (in whatever mode its check runs) and every accepted-with-header verdict
 * becomes a {@link DecisionRecord} in {@link DecisionRecords} (kept in the node's ring, written
 * as one JSON line); it is counted in {@code moat.decisions} (check, mode, action), and each
 * refusal the session really sends in {@code moat.policy.verdicts} (stage, check, action). With
 * decision records off, one INFO line on the logger {@code dev.moat.policy.DecisionLog} names the
 * session reference, the client address, the stage, the action, the check and its reason.
 * Passing verdicts without a header are not recorded.
 */
public final class DecisionLog implements VerdictListener {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final MoatMetrics metrics;
    private final DecisionRecords records;

    public DecisionLog(MoatMetrics metrics) {
        this(metrics, DecisionRecords.none());
    }

    public DecisionLog(MoatMetrics metrics, DecisionRecords records) {
        this.metrics = metrics;
        this.records = records;
    }

    @Override
    public void onVerdict(CheckContext context, Verdict verdict) {
        onDecision(context, verdict, DecisionMode.ENFORCE, verdict);
    }

    @Override
    public void onDecision(CheckContext context, Verdict verdict, DecisionMode mode, Verdict applied) {
        if (verdict.passes()) {
            if (addsHeader(verdict)) {
                metrics.decision(verdict.check(), mode.word(), "add-header");
                records.decided(context, verdict, mode, applied);
            }
            return;
        }
        String action = verdict.action().name().toLowerCase(Locale.ROOT);
        metrics.decision(verdict.check(), mode.word(), action);
        records.decided(context, verdict, mode, applied);
        if (!applied.passes()) {
            metrics.verdict(context.stage().name().toLowerCase(Locale.ROOT), applied.check(),
                    applied.action().name().toLowerCase(Locale.ROOT));
        }
        if (!records.enabled()) {
            log.info("session {} client {} {}: {} by {} ({}): {}", context.sessionReference(), context.clientAddress(),
                    context.stage(), verdict.action(), verdict.check(), mode.word(), verdict.reason());
        }
    }

    @Override
    public void sessionEnded(SessionSummary summary) {
        records.sessionEnded(summary);
    }

    private static boolean addsHeader(Verdict verdict) {
        for (Effect effect : verdict.effects()) {
            if (effect instanceof Effect.AddHeader) {
                return true;
            }
        }
        return false;
    }
}
