package dev.moat.policy;

import dev.moat.metrics.MoatMetrics;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every verdict the checks reach and keeps the record of each refusal: a count in
 * {@code moat.policy.verdicts} (stage, check, action) and one INFO line on the logger
 * {@code dev.moat.policy.DecisionLog} with the session reference the refusal's reply carries,
 * the client address, the stage, the action, the check and its reason. Passing verdicts are
 * not logged. The decision records of a later release are made here, from the verdict alone.
 */
public final class DecisionLog implements VerdictListener {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final MoatMetrics metrics;

    public DecisionLog(MoatMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onVerdict(CheckContext context, Verdict verdict) {
        if (verdict.passes()) {
            return;
        }
        metrics.verdict(context.stage().name().toLowerCase(Locale.ROOT), verdict.check(),
                verdict.action().name().toLowerCase(Locale.ROOT));
        log.info("session {} client {} {}: {} by {}: {}", context.sessionReference(), context.clientAddress(),
                context.stage(), verdict.action(), verdict.check(), verdict.reason());
    }
}
