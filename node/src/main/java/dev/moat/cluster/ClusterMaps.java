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
    /** Temporarily Blocked Addresses (and prefixes), each entry signed and living for its Blocking Time. */
    public static final String TEMPORARY_BLOCKED = "moat-temporary-blocked";
    /** Temporarily UnBlockable addresses, each entry signed and living for the UnBlocking Time. */
    public static final String TEMPORARY_UNBLOCKABLE = "moat-temporary-unblockable";
    /** The temporary debug list, each entry signed and living for the Blocking Time. */
    public static final String TEMPORARY_DEBUG = "moat-temporary-debug";
    /** The event windows of temporary blocking (per address and kind, per login name, per prefix), each living one window. */
    public static final String BLOCKING_EVENTS = "moat-blocking-events";
    /** The last block of each address, for escalation, living a day after the block ends. */
    public static final String BLOCKING_HISTORY = "moat-blocking-history";

    /** Each member's tag for its session references, keyed by tag, valued by the member id holding it. */
    public static final String REFERENCE_TAGS = "moat-reference-tags";

    /** Every map above, for meters that cover them all. */
    public static final java.util.List<String> ALL = java.util.List.of(DOCUMENTS, MEMBER_STATUS, TEMPORARY_CLIENTS,
            CALLOUT_RESULTS, TEMPORARY_BLOCKED, TEMPORARY_UNBLOCKABLE, TEMPORARY_DEBUG, BLOCKING_EVENTS, BLOCKING_HISTORY,
            REFERENCE_TAGS);

    private ClusterMaps() {
    }
}
