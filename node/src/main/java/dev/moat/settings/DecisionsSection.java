package dev.moat.settings;

import dev.moat.policy.DecisionMode;
import dev.moat.policy.DecisionModes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code decisions} section: whether this node keeps decision records ({@code records}, on
 * by default; off only to measure what they cost), how many it keeps ({@code ring-size},
 * 100,000) and how many ended sessions it remembers for the impact preview ({@code
 * session-ring-size}, 10,000), server-wide only; and {@code modes}, in both layers: a check's name,
 * or its name and a list key, RBL zone or rule ({@code blacklist/zen.example}), mapped to
 * {@code enforce}, {@code monitor}, {@code tempfail} or {@code tag}. A key the cluster-wide
 * document gives wins over the same key of the server-wide file, so one change switches every node.
 */
public record DecisionsSection(boolean records, int ringSize, int sessionRingSize, Map<String, DecisionMode> modes) {
    public static final int DEFAULT_RING_SIZE = 100_000;
    public static final int DEFAULT_SESSION_RING_SIZE = 10_000;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}(/[A-Za-z0-9][A-Za-z0-9._-]{0,252})?");

    public DecisionsSection {
        modes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }

    public static DecisionsSection defaults() {
        return new DecisionsSection(true, DEFAULT_RING_SIZE, DEFAULT_SESSION_RING_SIZE, Map.of());
    }

    /** The server-wide section. */
    static DecisionsSection read(MappingReader r) {
        return new DecisionsSection(r.bool("records", true),
                r.integer("ring-size", DEFAULT_RING_SIZE, 1, 10_000_000),
                r.integer("session-ring-size", DEFAULT_SESSION_RING_SIZE, 1, 1_000_000),
                modes(r));
    }

    /** The cluster-wide section: the modes alone (the rings are each node's own memory). */
    static DecisionsSection readCluster(MappingReader r) {
        return new DecisionsSection(true, DEFAULT_RING_SIZE, DEFAULT_SESSION_RING_SIZE, modes(r));
    }

    private static Map<String, DecisionMode> modes(MappingReader r) {
        String words = Arrays.stream(DecisionMode.values()).map(DecisionMode::word).collect(Collectors.joining(", "));
        Map<String, DecisionMode> modes = new LinkedHashMap<>();
        for (var pair : r.pairs("modes")) {
            MappingReader.Item item = pair.getValue();
            if (!KEY.matcher(pair.getKey()).matches()) {
                r.error(item, "is not a check name, or a check name, / and a list, zone or rule (such as"
                        + " blacklist/zen.example)");
                continue;
            }
            var mode = Arrays.stream(DecisionMode.values())
                    .filter(m -> m.word().equals(item.text().strip().toLowerCase(Locale.ROOT))).findFirst();
            if (mode.isEmpty()) {
                r.error(item, "must be one of " + words);
            } else if (modes.put(pair.getKey(), mode.get()) != null) {
                r.error(item, "is given twice");
            }
        }
        return modes;
    }

    /** The modes in force: the server-wide ones, each key the cluster-wide document gives replaced by its mode. */
    static DecisionModes merged(DecisionsSection server, DecisionsSection cluster) {
        Objects.requireNonNull(server, "server");
        var modes = new LinkedHashMap<>(server.modes());
        modes.putAll(cluster.modes());
        return new DecisionModes(modes);
    }
}
