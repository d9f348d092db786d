package dev.moat.cluster;

/**
 * The outcome of {@link DocumentStore#replace}: either the document was {@link Replaced} by
 * the new version, or the expected version was stale and {@link Conflict} carries the current
 * document (for a document never stored, version 0 with empty text).
 */
public sealed interface ReplaceResult {

    /** The stored document after this result. */
    ClusterDocument document();

    /** The text was stored as the returned version. */
    record Replaced(ClusterDocument document) implements ReplaceResult {
    }

    /** Nothing was stored: the document is at another version than expected. */
    record Conflict(ClusterDocument current) implements ReplaceResult {
        @Override
        public ClusterDocument document() {
            return current;
        }
    }
}
