package dev.moat.settings;

import dev.moat.content.BannedLineLists;
import dev.moat.content.BannedLines;
import dev.moat.router.RouterTable;
import java.util.Objects;

/**
 * The cluster-wide layer of the settings: the last valid version of each cluster document,
 * parsed ({@code settings}, {@code router}, {@code directory}, and the two banned-line lists). Immutable: applying a document
 * gives a new layer, so a refused document leaves the running one untouched.
 */
public record ClusterLayer(ClusterSettings settings, RouterTable router, Directory directory,
        BannedLineLists bannedLines) {
    /** A cluster that has no document yet. */
    public static final ClusterLayer EMPTY = new ClusterLayer(ClusterSettings.empty(), RouterTable.empty(),
            Directory.empty(), BannedLineLists.EMPTY);

    /** The layer of these three documents, and no banned lines. */
    public ClusterLayer(ClusterSettings settings, RouterTable router, Directory directory) {
        this(settings, router, directory, BannedLineLists.EMPTY);
    }

    public ClusterLayer {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(bannedLines, "bannedLines");
    }

    ClusterLayer withSettings(ClusterSettings next) {
        return new ClusterLayer(next, router, directory, bannedLines);
    }

    ClusterLayer withRouter(RouterTable next) {
        return new ClusterLayer(settings, next, directory, bannedLines);
    }

    ClusterLayer withDirectory(Directory next) {
        return new ClusterLayer(settings, router, next, bannedLines);
    }

    ClusterLayer withBannedHeaderLines(BannedLines next) {
        return new ClusterLayer(settings, router, directory, bannedLines.withHeader(next));
    }

    ClusterLayer withBannedBodyLines(BannedLines next) {
        return new ClusterLayer(settings, router, directory, bannedLines.withBody(next));
    }
}
