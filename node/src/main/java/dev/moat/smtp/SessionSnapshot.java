package dev.moat.smtp;

import dev.moat.delivery.NextHops;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.CheckRunner;
import dev.moat.settings.EffectiveSettings;
import java.util.Objects;

/**
 * The settings snapshot a session runs on, the checks made from it, the classifier that asks
 * its lists and RBL zones, and the next hops of its delivery section, swapped together so
 * that a session never judges with checks of one version and limits, zones or routes of
 * another. A session keeps the snapshot it started with.
 */
public record SessionSnapshot(EffectiveSettings settings, CheckRunner checks, AddressClassifier classifier,
        NextHops nextHops) {
    public SessionSnapshot {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(nextHops, "nextHops");
    }

    public SessionSnapshot(EffectiveSettings settings, CheckRunner checks, AddressClassifier classifier) {
        this(settings, checks, classifier, NextHops.of(settings));
    }
}
