/**
 * The Hazelcast member embedded in every node, and the cluster-wide state it shares: the
 * versioned settings documents ({@link dev.moat.cluster.DocumentStore}) and what each member
 * has applied ({@link dev.moat.cluster.MemberStatusBoard}). This is the only package that
 * imports Hazelcast; everything it hands out is a plain Java type.
 *
 * <p>Reads: {@link dev.moat.cluster.ClusterOptions} (cluster name, port, members, member
 * configuration file, node name, data directory) and {@code cluster-config/hazelcast.yaml}.
 * Writes: {@code <data-dir>/cluster-documents/<name>.yaml}, the durable copy of every document
 * version this member hears. Maps: those named in {@link dev.moat.cluster.ClusterMaps}.
 * Meters: none yet.
 */
package dev.moat.cluster;
