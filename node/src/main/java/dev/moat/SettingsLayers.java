package dev.moat;

import dev.moat.cluster.ClusterDocument;
import dev.moat.settings.ClusterDocumentKind;
import dev.moat.settings.ClusterDocuments;
import dev.moat.settings.ClusterLayer;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's two settings layers and the snapshot built from them. A new server-wide file or
 * a new version of a cluster document (any of {@link ClusterDocuments#ALL}) replaces its part
 * only when it is valid and newer; the effective snapshot is rebuilt with {@link
 * EffectiveSettings#build} and swapped atomically, and the listeners hear (old, new). A
 * refused document leaves everything as it was.
 */
final class SettingsLayers {
    private static final Logger log = LoggerFactory.getLogger(SettingsLayers.class);

    private ServerSettings server;
    private ClusterLayer cluster = ClusterLayer.EMPTY;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
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

    /** A version of a cluster document arrived: applied when valid and newer; returns the errors otherwise. */
    synchronized List<SettingsError> apply(ClusterDocumentKind<?> kind, ClusterDocument document) {
        long running = versions.getOrDefault(kind.name(), -1L);
        if (document.version() <= running) {
            return List.of();
        }
        var applied = kind.applyTo(cluster, document.text());
        if (!applied.ok()) {
            log.error("cluster-wide document {} version {} refused, keeping version {}: {}", document.name(),
                    document.version(), Math.max(running, 0), applied.errors());
            onRefused.run();
            return applied.errors();
        }
        cluster = applied.value().layer();
        versions.put(kind.name(), document.version());
        rebuild();
        log.info("cluster-wide document {} version {} applied ({})", document.name(), document.version(),
                applied.value().summary());
        return List.of();
    }

    /**
     * The snapshot this node would run with {@code text} as the next version of {@code kind}, or
     * the errors that would refuse it (the impact preview). Changes nothing.
     */
    synchronized dev.moat.settings.SettingsResult<EffectiveSettings> preview(ClusterDocumentKind<?> kind, String text) {
        var applied = kind.applyTo(cluster, text);
        if (!applied.ok()) {
            return dev.moat.settings.SettingsResult.refused(applied.errors());
        }
        return dev.moat.settings.SettingsResult.valid(EffectiveSettings.build(server, applied.value().layer(),
                clusterVersion()));
    }

    /** The snapshot this node would run with {@code next} as its settings file (the impact preview). Changes nothing. */
    synchronized EffectiveSettings previewServer(ServerSettings next) {
        return EffectiveSettings.build(next, cluster, clusterVersion());
    }

    /** A version of the cluster-wide {@code settings} document arrived. */
    List<SettingsError> applyCluster(ClusterDocument document) {
        return apply(ClusterDocuments.SETTINGS, document);
    }

    /** The version of document {@code name} this node runs, 0 before any. */
    long version(String name) {
        return Math.max(versions.getOrDefault(name, 0L), 0);
    }

    /** The version of the cluster-wide {@code settings} document this node runs. */
    long clusterVersion() {
        return version(ClusterDocuments.SETTINGS.name());
    }

    /** The version of each cluster document this node runs, in registry order. */
    Map<String, Long> versions() {
        var out = new LinkedHashMap<String, Long>();
        for (var kind : ClusterDocuments.ALL) {
            out.put(kind.name(), version(kind.name()));
        }
        return out;
    }

    private void rebuild() {
        var old = effective;
        effective = EffectiveSettings.build(server, cluster, clusterVersion());
        for (var listener : listeners) {
            listener.accept(old, effective);
        }
    }
}
