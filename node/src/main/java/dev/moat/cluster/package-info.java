/**
 * The Hazelcast member embedded in every node, and the cluster-wide state it shares: the
 * versioned settings documents ({@link dev.moat.cluster.DocumentStore}), the Temporary Clients
 * ({@link dev.moat.cluster.TemporaryClientMap}), the temporary blocking lists and event windows
 * ({@link dev.moat.cluster.BlockingMaps}, counted by the named entry processors {@code
 * CountEventProcessor} and {@code EscalateProcessor}), what each member has applied ({@link
 * dev.moat.cluster.MemberStatusBoard}), Reverse Connect's results ({@link
 * dev.moat.cluster.CalloutResultMap}, per-entry time-to-live, read asynchronously), the tags of
 * the session references ({@code ReferenceTags}), and questions to every member's own memory
 * ({@link dev.moat.cluster.ClusterQueries}: the named callable {@code ClusterQuery} on the
 * executor service {@code moat-queries}, answered by each member's {@link
 * dev.moat.cluster.LocalQueries}, with the members that did not answer named). This is the only package that imports Hazelcast;
 * everything it hands out is a plain Java type.
 *
 * <p>Every document version, Temporary Client entry, callout result and temporary list entry carries a MAC (HMAC-SHA256) made with
 * the {@link dev.moat.cluster.ClusterSecret}; the store and the map admit only values that
 * verify, so what they hand out was written by a member with the secret, and they report each
 * refusal to {@link dev.moat.cluster.ClusterEvents} (the node counts them; this package needs no
 * metrics). The member binds one address and keeps every way to run code on another member off
 * ({@code MemberConfig}).
 *
 * <p>Hazelcast keeps a stopped instance reachable (a thread that ran one of its operations keeps
 * it in a thread local), so a stopped member lets go of what it gave the instance: its lifecycle
 * listeners remove themselves at {@code SHUTDOWN} ({@code LifecycleListening}) and the query
 * context is withdrawn, and a closed node is not kept through them.
 *
 * <p>Reads: {@link dev.moat.cluster.ClusterOptions}, built by {@link dev.moat.cluster.ClusterSetup}
 * from the {@code cluster} settings ({@code name}, {@code port}, {@code members}, {@code
 * hazelcast-config}, {@code bind-address}, {@code secret-file}), the node name and data
 * directory, and the environment variables {@code MOAT_CLUSTER_BIND_ADDRESS} and {@code
 * MOAT_CLUSTER_SECRET}; and {@code cluster-config/hazelcast.yaml}. Writes: {@code
 * <data-dir>/cluster-documents/<name>.yaml}, the durable copy of every document version this
 * member admits, and {@code <data-dir>/cluster-secret} for a lone node without a secret. Maps:
 * those named in {@link dev.moat.cluster.ClusterMaps}. Meters: none here; the node registers
 * {@code moat.cluster.mac.refused}, {@code moat.cluster.temporary.clients} and {@code
 * moat.cluster.temporary.clients.full} and {@code moat.cluster.migrations} from {@link
 * dev.moat.cluster.ClusterEvents}, and reads {@code moat.cluster.safe}, {@code
 * moat.cluster.local.member.safe}, {@code moat.cluster.migrating} and {@code
 * moat.cluster.map.entries} from {@link dev.moat.cluster.ClusterMember} when scraped.
 */
package dev.moat.cluster;
