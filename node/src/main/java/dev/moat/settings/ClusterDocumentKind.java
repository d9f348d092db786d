package dev.moat.settings;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of cluster-wide document: its name in the cluster's document map (and the file
 * name of its copy), how its text is parsed and validated (every error with its line), where a
 * valid version goes in the {@link ClusterLayer}, and what the log says of it when applied.
 */
public final class ClusterDocumentKind<T> {
    private final String name;
    private final Function<String, SettingsResult<T>> parser;
    private final BiFunction<ClusterLayer, T, ClusterLayer> into;
    private final Function<T, String> summary;

    ClusterDocumentKind(String name, Function<String, SettingsResult<T>> parser,
            BiFunction<ClusterLayer, T, ClusterLayer> into, Function<T, String> summary) {
        this.name = Objects.requireNonNull(name, "name");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.into = Objects.requireNonNull(into, "into");
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    public String name() {
        return name;
    }

    /** Every error of {@code text}, none when it is valid. */
    public List<SettingsError> validate(String text) {
        return parser.apply(text).errors();
    }

    /**
     * {@code layer} with this document's {@code text} in its place, and a short description of
     * what it holds for the log; or every error, and the layer is not used.
     */
    public SettingsResult<Applied> applyTo(ClusterLayer layer, String text) {
        SettingsResult<T> parsed = parser.apply(text);
        if (!parsed.ok()) {
            return SettingsResult.refused(parsed.errors());
        }
        return SettingsResult.valid(new Applied(into.apply(layer, parsed.value()), summary.apply(parsed.value())));
    }

    /** A layer with a document applied, and what the document holds ({@code 12 records}). */
    public record Applied(ClusterLayer layer, String summary) {
    }

    @Override
    public String toString() {
        return name;
    }
}
