package dev.moat.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Hazelcast member. {@link #start} returns once the member has joined the cluster
 * named in the options (or, finding none, formed it); from then on {@link #documents()} and
 * {@link #statusBoard()} work. {@link #close()} leaves gracefully, handing this member's data
 * to the others, and may be called more than once.
 */
public final class ClusterMember implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterMember.class);

    private final HazelcastInstance hazelcast;
    private final DocumentStore documents;
    private final MemberStatusBoard statusBoard;
    private final TemporaryClientMap temporaryClients;
    private final MigrationWatch migrations;
    private final CalloutResultMap calloutResults;
    private final BlockingMaps blocking;
    private final ClusterQueries queries;

    private ClusterMember(HazelcastInstance hazelcast, DocumentStore documents, MemberStatusBoard statusBoard,
            TemporaryClientMap temporaryClients, MigrationWatch migrations, CalloutResultMap calloutResults,
            BlockingMaps blocking) {
        this.hazelcast = hazelcast;
        this.documents = documents;
        this.statusBoard = statusBoard;
        this.temporaryClients = temporaryClients;
        this.migrations = migrations;
        this.calloutResults = calloutResults;
        this.blocking = blocking;
        this.queries = new ClusterQueries(hazelcast);
    }

    /** Starts a member that reports nothing of what it refuses (tests, tools). */
    public static ClusterMember start(ClusterOptions options) {
        return start(options, ClusterEvents.NONE);
    }

    /** Starts a member that reports refused MACs and a full Temporary Client list to {@code events}. */
    public static ClusterMember start(ClusterOptions options, ClusterEvents events) {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(MemberConfig.build(options));
        try {
            String address = format(hazelcast.getCluster().getLocalMember().getAddress());
            Signatures signatures = new Signatures(options.secret());
            DocumentStore documents = new DocumentStore(hazelcast,
                    new DurableDocuments(options.dataDir().resolve("cluster-documents"), signatures),
                    new DocumentGate(signatures, events));
            MemberStatusBoard board = new MemberStatusBoard(hazelcast, options.memberName(), address);
            TemporaryClientMap temporaryClients = new TemporaryClientMap(hazelcast, signatures, events);
            BlockingMaps blocking = new BlockingMaps(hazelcast, signatures, events);
            MigrationWatch migrations = new MigrationWatch(events);
            hazelcast.getPartitionService().addMigrationListener(migrations);
            log.info("Member {} ({}) joined cluster {} of {} members", options.memberName(), address,
                    options.clusterName(), hazelcast.getCluster().getMembers().size());
            return new ClusterMember(hazelcast, documents, board, temporaryClients, migrations,
                    new CalloutResultMap(hazelcast, signatures, events), blocking);
        } catch (RuntimeException e) {
            hazelcast.shutdown();
            throw e;
        }
    }

    public int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    public String localMemberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /**
     * Whether this member is running in a cluster that takes reads and writes (state ACTIVE or
     * NO_MIGRATION). Partition migrations after a member joins or leaves do not count against
     * it: the maps serve during them. See {@link #isLocalMemberSafe()} for the stricter check.
     */
    public boolean isJoined() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return false;
        }
        try {
            ClusterState state = hazelcast.getCluster().getClusterState();
            return state == ClusterState.ACTIVE || state == ClusterState.NO_MIGRATION;
        } catch (IllegalStateException e) {
            // The member stopped between the two checks (HazelcastInstanceNotActiveException).
            return false;
        }
    }

    /**
     * Whether every partition this member owns has its backups in sync, so stopping it now
     * loses nothing: what a rolling restart waits for before stopping the next member.
     */
    public boolean isLocalMemberSafe() {
        return hazelcast.getLifecycleService().isRunning() && hazelcast.getPartitionService().isLocalMemberSafe();
    }

    /**
     * Whether every partition of the cluster has its backups in sync. It asks every member, so
     * it is for a scrape or a probe, not a hot path; false once this member has stopped.
     */
    public boolean isClusterSafe() {
        try {
            return hazelcast.getLifecycleService().isRunning() && hazelcast.getPartitionService().isClusterSafe();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a partition migration is running in the cluster. */
    public boolean migrating() {
        return migrations.migrating();
    }

    /** The entries of the shared map {@code name} (one of {@link ClusterMaps}) in the whole cluster; 0 once stopped. */
    public int mapEntries(String name) {
        try {
            return hazelcast.getLifecycleService().isRunning() ? hazelcast.getMap(name).size() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Whether this member owns the partition of {@code key} in the shared map {@code name} now. */
    public boolean ownsKey(String name, String key) {
        var owner = hazelcast.getPartitionService().getPartition(key).getOwner();
        return owner != null && owner.localMember();
    }

    /**
     * A tag from 0 to {@code tags} - 1 that no other running member holds, for this node's session
     * references; ask once, at start.
     */
    public int claimReferenceTag(String nodeName, int tags) {
        return ReferenceTags.claim(hazelcast, nodeName, tags);
    }

    /** Questions to every member's own memory (decision records, remembered sessions). */
    public ClusterQueries queries() {
        return queries;
    }

    /** What this member answers when another asks the whole cluster. */
    public void serveQueries(LocalQueries local) {
        queries.serve(local);
    }

    /** This member's cluster address, {@code host:port}. */
    public String localAddress() {
        return format(hazelcast.getCluster().getLocalMember().getAddress());
    }

    public DocumentStore documents() {
        return documents;
    }

    public MemberStatusBoard statusBoard() {
        return statusBoard;
    }

    /** The cluster's Temporary Clients, read from this member's replica. */
    public TemporaryClientMap temporaryClients() {
        return temporaryClients;
    }

    /** Reverse Connect's results, shared by the cluster. */
    public CalloutResultMap calloutResults() {
        return calloutResults;
    }

    /** The cluster's temporary blocking lists and event windows, read from this member's replicas. */
    public BlockingMaps blocking() {
        return blocking;
    }

    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            try {
                statusBoard.withdraw();
            } catch (RuntimeException e) {
                log.debug("Could not withdraw this member's status: {}", e.toString());
            }
            hazelcast.shutdown();
        }
        queries.withdraw();
    }

    private static String format(Address address) {
        String host = address.isIPv6() ? "[" + address.getHost() + "]" : address.getHost();
        return host + ":" + address.getPort();
    }
}
