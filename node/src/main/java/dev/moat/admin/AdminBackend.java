package dev.moat.admin;

import dev.moat.cluster.DocumentStore;
import dev.moat.cluster.MemberStatus;
import dev.moat.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** What every member in the cluster has applied. */
    List<MemberStatus> memberStatuses();

    /**
     * The Test Address answer for {@code address} on this node's settings now, as JSON fields:
     * status, reason, prefix, reverse name, the chapter's one-line form and the like.
     */
    Map<String, Object> addressStatus(IpAddress address);
}
