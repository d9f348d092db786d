package dev.moat.policy;

import java.util.Locale;

/**
 * What a refusing verdict does, chosen per check in the settings ({@code decisions.modes}):
 * {@code enforce} sends the refusal; {@code monitor} records and counts what would have happened
 * and lets the session go on untouched; {@code tempfail} sends the 4xx counterpart of a 5xx
 * refusal, so senders retry while an administrator watches; {@code tag} lets the mail pass with a
 * header {@code X-Moat-Would-Refuse} that names the check and the reply it would have sent.
 */
public enum DecisionMode {
    ENFORCE, MONITOR, TEMPFAIL, TAG;

    /** The word in the settings and in records and metrics. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
