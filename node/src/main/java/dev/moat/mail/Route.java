package dev.moat.mail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Router sent one address, and every step it took to get there: the outcome, the
 * address it ended as, the host mail for it goes to (remote outcomes), whether it carries the
 * can-relay marker, the error text of an {@code error} target, and the trace. The trace's
 * first step is the address as received, its last the module's decision, as in the chapter's
 * {@code joe} table.
 */
public record Route(Outcome outcome, String address, String host, boolean canRelay, String errorText,
        List<Step> steps) {

    /** The kinds of destination. */
    public enum Outcome {
        /** A local account (or a local part no record changed): mail for it stays here. */
        LOCAL,
        /** An address in a domain that is not local: relayed, if relaying is allowed. */
        REMOTE,
        /** Routed to {@code error}: refused. */
        ERROR,
        /** Routed to {@code spamtrap}: the whole message is refused at DATA. */
        SPAMTRAP,
        /** Routed to {@code null}: accepted and discarded. */
        DISCARD,
        /** Rewritten without end: refused as a routing loop. */
        LOOP
    }

    /**
     * One row of the trace: what was done, the record applied as written with its table and
     * line ({@code Relay:<joe> = joe@otherdomain.example (server line 3)}; null for none), the
     * address and marker after it.
     */
    public record Step(String operation, String record, String address, boolean marker) {
        public Step {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(address, "address");
        }

        /** The local domain this step cut off, when it is a main-domain cut-off. */
        public Optional<String> cutOffDomain() {
            return record == null && operation.startsWith(CUT_OFF) && operation.endsWith(CUT_OFF_END)
                    ? Optional.of(operation.substring(CUT_OFF.length(), operation.length() - CUT_OFF_END.length()))
                    : Optional.empty();
        }
    }

    private static final String CUT_OFF = "Main Domain (";
    private static final String CUT_OFF_END = ") cut-off:";

    /** The operation of the step that cuts a local domain off: {@code Main Domain (example.com) cut-off:}. */
    public static String cutOffOperation(String domain) {
        return CUT_OFF + domain + CUT_OFF_END;
    }

    public Route {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(errorText, "errorText");
        steps = List.copyOf(steps);
    }

    /** The last record applied, as written with its table and line; empty when no record applied. */
    public Optional<String> lastRecord() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).record() != null) {
                return Optional.of(steps.get(i).record());
            }
        }
        return Optional.empty();
    }

    /** The trace as text, one step a line, for logs and the command line. */
    public String trace() {
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            out.append(step.operation());
            if (step.record() != null) {
                out.append(' ').append(step.record());
            }
            out.append(" -> ").append(step.address().isEmpty() ? "(none)" : step.address())
                    .append(" [marker ").append(step.marker() ? "YES" : "NO").append("]\n");
        }
        return out.toString();
    }
}
