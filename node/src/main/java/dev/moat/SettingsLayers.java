package dev.moat;

import dev.moat.cluster.ClusterDocument;
import dev.moat.settings.ClusterSettings;
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
    private static final Logger log = LoggerFactory.getLogger(SettingsLayers.class);

    private ServerSettings server;
    private ClusterSettings cluster = ClusterSettings.empty();
    private long clusterVersion = -1;
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

    private void rebuild() {
        var old = effective;
        effective = EffectiveSettings.build(server, cluster, Math.max(clusterVersion, 0));
        for (var listener : listeners) {
            listener.accept(old, effective);
        }
    }
}
