package dev.moat.admin;

import dev.moat.blocking.TemporaryBlocking;
import dev.moat.cluster.DocumentStore;
import dev.moat.cluster.MemberStatus;
import dev.moat.delivery.NextHops;
import dev.moat.net.IpAddress;
import dev.moat.mail.Route;
import dev.moat.settings.Directory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What the admin server asks of the node, which implements it by wiring its parts: readiness,
 * the metrics scrape, the cluster-wide documents with their validator, the versions this
 * node and every member have applied, and the status of an address (Test Address). Calls may block briefly (they reach the cluster); the
 * server makes them off its network threads.
 */
public interface AdminBackend {

    Readiness readiness();

    /** The Prometheus text exposition of the node's meters. */
    String scrapeMetrics();

    DocumentStore documents();

    /** The documents the API serves; any other name is 404. */
    Set<String> documentNames();

    DocumentValidator validator();

    /** What this node has applied: settings versions, document versions and the like. */
    Map<String, Object> nodeVersions();

    /**
     * The settings this node runs, by layer ({@code GET /api/v1/node/settings}): each setting's
     * server-wide value from the node's file, its cluster-wide value where it has one, and what
     * they make together where they combine. Never a secret.
     */
    Map<String, Object> settingsReport();

    /** What every member in the cluster has applied. */
    List<MemberStatus> memberStatuses();

    /**
     * The Test Address answer for {@code address} on this node's settings now, as JSON fields:
     * status, reason, prefix, reverse name, the chapter's one-line form and the like.
     */
    Map<String, Object> addressStatus(IpAddress address);
    /** Where this node's Router sends {@code address}, with every step taken. */
    Route route(String address);

    /** The next hops of this node's settings now, which say where a routed address goes. */
    NextHops nextHops();

    /** The directory of domains and accounts as the cluster has it now. */
    Directory directory();

    /**
     * Applies {@code change} to the cluster document {@code directory} as one versioned replace,
     * retried when someone else changed it meanwhile; answers the version stored. The change
     * throws {@link IllegalArgumentException} to refuse.
     */
    long editDirectory(UnaryOperator<Directory> change, String updatedBy);

    /** Temporary blocking with its lists, when this node runs it (empty: the temporary-list routes answer 503). */
    default Optional<TemporaryBlocking> temporaryBlocking() {
        return Optional.empty();
    }

    /**
     * The decision records of every member that pass the filter (each {@code null} or 0 for any),
     * newest first, and the members that did not answer ({@code missing}).
     */
    default Map<String, Object> decisions(IpAddress address, String ref, String check, long sinceMillis, int limit) {
        throw new UnsupportedOperationException("decision records are not kept here");
    }

    /** Everything known about {@code address}: status now, list lines, temporary entries, last seen, decisions. */
    default Map<String, Object> why(IpAddress address) {
        throw new UnsupportedOperationException("decision records are not kept here");
    }

    /**
     * What the valid document {@code text} as the next version of {@code name} would decide
     * differently over the sessions every member remembers; nothing is saved.
     */
    default Map<String, Object> previewDocument(String name, String text) {
        throw new UnsupportedOperationException("sessions are not remembered here");
    }

    /** Each member's SMTP traffic by node name (connections open and accepted, messages accepted and refused, uptime), and who is missing. */
    default Map<String, Object> clusterTraffic() {
        throw new UnsupportedOperationException("members are not asked here");
    }

    /** Why {@code text} would be refused as this node's settings file, each error naming its line; empty when valid. */
    default List<ValidationError> settingsFileErrors(String text) {
        return List.of(new ValidationError(0, "settings files are not previewed here"));
    }

    /** What the valid settings file {@code text}, given to every member, would decide differently; nothing is saved. */
    default Map<String, Object> previewSettingsFile(String text) {
        throw new UnsupportedOperationException("sessions are not remembered here");
    }
}
