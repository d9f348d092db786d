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

    /** Each member's tag for its session references, keyed by tag, valued by the member id holding it. */
    public static final String REFERENCE_TAGS = "moat-reference-tags";

    /** Every map above, for meters that cover them all. */
    public static final java.util.List<String> ALL = java.util.List.of(DOCUMENTS, MEMBER_STATUS, TEMPORARY_CLIENTS,
            REFERENCE_TAGS);

    private ClusterMaps() {
    }
}
