package dev.moat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Hands each member a tag for its session references that no other running member holds, in
 * the map {@link ClusterMaps#REFERENCE_TAGS} (tag to member id): a member tries the tag its node
 * name hashes to, then the next ones, and takes a tag that is free or held by a member no longer
 * in the cluster, each by one atomic map operation. With every tag held by a running member
 * (more than {@code tags} members) it takes its hashed tag anyway, and the sequence part of the
 * references still makes collisions unlikely.
 */
final class ReferenceTags {
    private ReferenceTags() {
    }

    static int claim(HazelcastInstance hazelcast, String nodeName, int tags) {
        IMap<Integer, String> map = hazelcast.getMap(ClusterMaps.REFERENCE_TAGS);
        String me = hazelcast.getCluster().getLocalMember().getUuid().toString();
        Set<String> running = hazelcast.getCluster().getMembers().stream()
                .map(member -> member.getUuid().toString()).collect(Collectors.toSet());
        int start = Math.floorMod(nodeName.hashCode() ^ UUID.fromString(me).hashCode(), tags);
        for (int i = 0; i < tags; i++) {
            int tag = (start + i) % tags;
            String holder = map.putIfAbsent(tag, me);
            if (holder == null || holder.equals(me)) {
                return tag;
            }
            if (!running.contains(holder) && map.replace(tag, holder, me)) {
                return tag;
            }
        }
        return start;
    }
}
