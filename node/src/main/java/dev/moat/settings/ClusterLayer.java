package dev.moat.settings;

import dev.moat.router.RouterTable;
import java.util.Objects;

/**
 * The cluster-wide layer of the settings: the last valid version of each cluster document,
 * parsed ({@code settings}, {@code router}, {@code directory}). Immutable: applying a document
 * gives a new layer, so a refused document leaves the running one untouched.
 */
public record ClusterLayer(ClusterSettings settings, RouterTable router, Directory directory, ClusterRules rules) {
    /** A cluster that has no document yet. */
    public static final ClusterLayer EMPTY = new ClusterLayer(ClusterSettings.empty(), RouterTable.empty(),
            Directory.empty());

    public ClusterLayer {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(rules, "rules");
    }

    /** A layer without cluster-wide rules. */
    public ClusterLayer(ClusterSettings settings, RouterTable router, Directory directory) {
        this(settings, router, directory, ClusterRules.empty());
    }

    ClusterLayer withSettings(ClusterSettings next) {
        return new ClusterLayer(next, router, directory, rules);
    }

    ClusterLayer withRouter(RouterTable next) {
        return new ClusterLayer(settings, next, directory, rules);
    }

    ClusterLayer withDirectory(Directory next) {
        return new ClusterLayer(settings, router, next, rules);
    }

    ClusterLayer withRules(ClusterRules next) {
        return new ClusterLayer(settings, router, directory, next);
    }
}
