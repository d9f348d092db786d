package dev.moat.cluster;

/**
 * The names of every Hazelcast map the cluster uses, declared once here. Each name has its
 * configuration (backups, merge policy) in {@code cluster-config/hazelcast.yaml}; a test
 * checks that the two agree.
 */
public final class ClusterMaps {
    /** The cluster-wide documents, keyed by document name. */
    public static final String DOCUMENTS = "moat-documents";
    /** What each member has applied, keyed by member id. */
    public static final String MEMBER_STATUS = "moat-member-status";
    /** Temporary Clients, keyed by address, each entry signed and living for the UnBlocking Time. */
    public static final String TEMPORARY_CLIENTS = "moat-temporary-clients";

    /** Reverse Connect's results, keyed by Return-Path address, each entry signed and living for its lifetime. */
    public static final String CALLOUT_RESULTS = "moat-callout-results";

    /** Every map above, for meters that cover them all. */
    public static final java.util.List<String> ALL = java.util.List.of(DOCUMENTS, MEMBER_STATUS, TEMPORARY_CLIENTS,
            CALLOUT_RESULTS);

    private ClusterMaps() {
    }
}
