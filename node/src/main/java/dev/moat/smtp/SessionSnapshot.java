package dev.moat.smtp;

import dev.moat.policy.CheckRunner;
import dev.moat.settings.EffectiveSettings;
import java.util.Objects;

/**
 * The settings snapshot a session runs on and the checks made from it, swapped together so
 * that a session never judges with checks of one version and limits of another. A session
 * keeps the snapshot it started with.
 */
public record SessionSnapshot(EffectiveSettings settings, CheckRunner checks) {
    public SessionSnapshot {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checks, "checks");
    }
}
