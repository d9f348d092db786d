package dev.moat.smtp;

import dev.moat.policy.AddressClassifier;
import dev.moat.policy.CheckRunner;
import dev.moat.settings.EffectiveSettings;
import java.util.Objects;

/**
 * The settings snapshot a session runs on, the checks made from it and the classifier that
 * asks its lists and RBL zones, swapped together so that a session never judges with checks
 * of one version and limits or zones of another. A session keeps the snapshot it started with.
 */
public record SessionSnapshot(EffectiveSettings settings, CheckRunner checks, AddressClassifier classifier) {
    public SessionSnapshot {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(classifier, "classifier");
    }
}
