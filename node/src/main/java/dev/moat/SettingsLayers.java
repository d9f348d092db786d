package dev.moat;

import dev.moat.cluster.ClusterDocument;
import dev.moat.router.RouterTable;
import dev.moat.router.RouterTableParser;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's two settings layers and the snapshot built from them. A new server-wide file or
 * a new cluster-wide document replaces its layer only when it is valid; the effective
 * snapshot is rebuilt with {@link EffectiveSettings#build} and swapped atomically, and the
 * listeners hear (old, new). A refused document leaves everything as it was.
 */
final class SettingsLayers {
    static final String CLUSTER_DOCUMENT = "settings";
    /** The cluster-wide Router table: plain Router text, not YAML. */
    static final String ROUTER_DOCUMENT = "router";
    /** The cluster-wide directory of domains and accounts (YAML). */
    static final String DIRECTORY_DOCUMENT = "directory";
    private static final Logger log = LoggerFactory.getLogger(SettingsLayers.class);

    private ServerSettings server;
    private ClusterSettings cluster = ClusterSettings.empty();
    private long clusterVersion = -1;
    private RouterTable clusterRouter = RouterTable.empty();
    private long routerVersion = -1;
    private Directory directory = Directory.empty();
    private long directoryVersion = -1;
    private volatile EffectiveSettings effective;
    private final List<BiConsumer<EffectiveSettings, EffectiveSettings>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onRefused;

    SettingsLayers(ServerSettings server, Runnable onRefused) {
        this.server = server;
        this.onRefused = onRefused;
        this.effective = EffectiveSettings.build(server, cluster, 0);
    }

    EffectiveSettings current() {
        return effective;
    }

    void onChange(BiConsumer<EffectiveSettings, EffectiveSettings> listener) {
        listeners.add(listener);
    }

    synchronized void applyServer(ServerSettings next) {
        server = next;
        rebuild();
        log.info("server-wide settings version {} applied", next.sourceHash());
    }

    /** A cluster-wide document arrived: applied when valid and newer; returns the errors otherwise. */
    synchronized List<SettingsError> applyCluster(ClusterDocument document) {
        if (document.version() <= clusterVersion) {
            return List.of();
        }
        var parsed = ClusterSettings.parse(document.text());
        if (!parsed.errors().isEmpty()) {
            log.error("cluster-wide document {} version {} refused, keeping version {}: {}", document.name(),
                    document.version(), Math.max(clusterVersion, 0), parsed.errors());
            onRefused.run();
            return parsed.errors();
        }
        cluster = parsed.value();
        clusterVersion = document.version();
        rebuild();
        log.info("cluster-wide document {} version {} applied", document.name(), document.version());
        return List.of();
    }

    long clusterVersion() {
        return Math.max(clusterVersion, 0);
    }

    /** The cluster-wide Router table arrived: applied when valid and newer; returns the errors otherwise. */
    synchronized List<RouterTableParser.LineError> applyRouter(ClusterDocument document) {
        if (document.version() <= routerVersion) {
            return List.of();
        }
        var parsed = RouterTable.parse(document.text(), "cluster");
        if (!parsed.ok()) {
            log.error("cluster-wide document {} version {} refused, keeping version {}: {}", document.name(),
                    document.version(), Math.max(routerVersion, 0), parsed.errors());
            onRefused.run();
            return parsed.errors();
        }
        clusterRouter = parsed.table();
        routerVersion = document.version();
        rebuild();
        log.info("cluster-wide document {} version {} applied ({} records)", document.name(), document.version(),
                clusterRouter.size());
        return List.of();
    }

    long routerVersion() {
        return Math.max(routerVersion, 0);
    }

    /** The directory arrived: applied when valid and newer; returns the errors otherwise. */
    synchronized List<SettingsError> applyDirectory(ClusterDocument document) {
        if (document.version() <= directoryVersion) {
            return List.of();
        }
        var parsed = Directory.parse(document.text());
        if (!parsed.ok()) {
            log.error("cluster-wide document {} version {} refused, keeping version {}: {}", document.name(),
                    document.version(), Math.max(directoryVersion, 0), parsed.errors());
            onRefused.run();
            return parsed.errors();
        }
        directory = parsed.value();
        directoryVersion = document.version();
        rebuild();
        log.info("cluster-wide document {} version {} applied ({} domains, {} accounts)", document.name(),
                document.version(), directory.domains().size(), directory.accounts().size());
        return List.of();
    }

    long directoryVersion() {
        return Math.max(directoryVersion, 0);
    }

    private void rebuild() {
        var old = effective;
        effective = EffectiveSettings.build(server, cluster, Math.max(clusterVersion, 0), clusterRouter, directory);
        for (var listener : listeners) {
            listener.accept(old, effective);
        }
    }
}
