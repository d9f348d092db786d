package dev.moat.settings;

import dev.moat.content.BannedLines;
import dev.moat.content.BannedList;
import dev.moat.router.RouterTable;
import java.util.List;
import java.util.Optional;

/**
 * The registry of cluster-wide documents: the one place that says which documents a cluster
 * shares and how each is read. The node seeds, watches and applies each of {@link #ALL}, the
 * admin API serves and validates them by it, and the settings layers apply them through it; a
 * new document is one entry here (and its place in {@link ClusterLayer} and
 * {@link EffectiveSettings#build}).
 */
public final class ClusterDocuments {
    /** The cluster-wide settings (YAML): the address lists and whatever else the chapter extends. */
    public static final ClusterDocumentKind<ClusterSettings> SETTINGS = new ClusterDocumentKind<>("settings",
            ClusterSettings::parse, ClusterLayer::withSettings, settings -> "settings");
    /** The cluster-wide Router table: plain Router text, not YAML. */
    public static final ClusterDocumentKind<RouterTable> ROUTER = new ClusterDocumentKind<>("router",
            ClusterDocuments::routerTable, ClusterLayer::withRouter, table -> table.size() + " records");
    /** The directory of domains and accounts (YAML). */
    public static final ClusterDocumentKind<Directory> DIRECTORY = new ClusterDocumentKind<>("directory",
            Directory::parse, ClusterLayer::withDirectory,
            directory -> directory.domains().size() + " domains, " + directory.accounts().size() + " accounts");

    /** The cluster-wide Banned Header Lines: one line a line, a wrapped one continued by lines that start with a space or tab. */
    public static final ClusterDocumentKind<BannedLines> BANNED_HEADER_LINES = new ClusterDocumentKind<>(
            "banned-header-lines", text -> bannedLines(text, BannedList.HEADER), ClusterLayer::withBannedHeaderLines,
            lines -> lines.size() + " lines");
    /** The cluster-wide Banned Body Lines: one line a line. */
    public static final ClusterDocumentKind<BannedLines> BANNED_BODY_LINES = new ClusterDocumentKind<>(
            "banned-body-lines", text -> bannedLines(text, BannedList.BODY), ClusterLayer::withBannedBodyLines,
            lines -> lines.size() + " lines");

    /** Every document, in the order a starting node applies them. */
    public static final List<ClusterDocumentKind<?>> ALL = List.of(SETTINGS, ROUTER, DIRECTORY, BANNED_HEADER_LINES,
            BANNED_BODY_LINES);

    private ClusterDocuments() {
    }

    /** The kind of document {@code name} names, if any. */
    public static Optional<ClusterDocumentKind<?>> named(String name) {
        return ALL.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    private static SettingsResult<RouterTable> routerTable(String text) {
        var parsed = RouterTable.parse(text, "cluster");
        return parsed.ok() ? SettingsResult.valid(parsed.table())
                : SettingsResult.refused(parsed.errors().stream()
                        .map(e -> new SettingsError(e.line(), "", e.message())).toList());
    }

    private static SettingsResult<BannedLines> bannedLines(String text, BannedList list) {
        var parsed = BannedLines.parse(text, list, "cluster-wide");
        return parsed.ok() ? SettingsResult.valid(parsed.lines())
                : SettingsResult.refused(parsed.errors().stream()
                        .map(e -> new SettingsError(e.line(), "", e.message())).toList());
    }
}
