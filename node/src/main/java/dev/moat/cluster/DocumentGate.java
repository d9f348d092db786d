package dev.moat.cluster;

import dev.moat.cluster.ClusterSecret.MacCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a document version read from the cluster or from disk is let in: only a
 * {@link ClusterDocument} whose MAC one of this member's secrets made passes. Anything else (a
 * missing or wrong MAC, a value of another type, one that cannot be read) is refused: counted
 * once per distinct version through {@link ClusterEvents#macRefused} and logged, at most one
 * line every ten seconds. The log names the document, version and author, never the secret.
 */
final class DocumentGate {

    private static final Logger log = LoggerFactory.getLogger(DocumentGate.class);

    private final Signatures signatures;
    private final ClusterEvents events;
    private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
    /** The last refused value per document, so one stored forgery heard several ways counts once. */
    private final Map<String, String> lastRefused = new ConcurrentHashMap<>();

    DocumentGate(Signatures signatures, ClusterEvents events) {
        this.signatures = signatures;
        this.events = events;
    }

    Signatures signatures() {
        return signatures;
    }

    /** {@code value}, stored under document {@code name}, when it is a version this member may apply. */
    Optional<ClusterDocument> admit(String name, Object value) {
        if (!(value instanceof ClusterDocument document) || !document.name().equals(name)) {
            refuse(name, "value of type " + (value == null ? "null" : value.getClass().getName()),
                    "it is not a document named " + name);
            return Optional.empty();
        }
        MacCheck check = signatures.check(document);
        if (check.valid()) {
            return Optional.of(document);
        }
        refuse(name, "version " + document.version() + " by " + document.updatedBy() + " mac " + document.mac(),
                check == MacCheck.MISSING ? "it carries no MAC" : "its MAC is wrong");
        return Optional.empty();
    }

    /** A value that could not even be read from the map. */
    void unreadable(String name, RuntimeException e) {
        refuse(name, "unreadable " + e.getClass().getName(), "it cannot be read (" + e.getMessage() + ")");
    }

    private void refuse(String name, String fingerprint, String why) {
        if (fingerprint.equals(lastRefused.put(name, fingerprint))) {
            return;
        }
        events.macRefused(ClusterEvents.DOCUMENT);
        warnings.warn("Refused a version of cluster document {} from the cluster: {}; {}. Only members with "
                + "the cluster secret can change documents; this member keeps what it runs", name, describe(fingerprint), why);
    }

    /** The fingerprint without the MAC: a MAC reveals nothing, but the log does not need it. */
    private static String describe(String fingerprint) {
        int mac = fingerprint.lastIndexOf(" mac ");
        return mac < 0 ? fingerprint : fingerprint.substring(0, mac);
    }
}
