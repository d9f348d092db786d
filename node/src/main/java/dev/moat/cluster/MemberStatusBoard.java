package dev.moat.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every member has applied, in the map {@link ClusterMaps#MEMBER_STATUS} keyed by member
 * id, so an administrator can watch a rollout reach each node. A member publishes whenever it
 * applies settings; {@link #all()} lists only members currently in the cluster, and the
 * remaining members remove the entry of one that leaves. Each remaining member also publishes
 * its own status again then: when members go at once, or a split brain cuts a member off, the
 * copies of its entry may all have been on members that are gone (the primary and its one
 * backup), and a member would otherwise vanish from its own side's list until it next applies
 * settings.
 */
public final class MemberStatusBoard {

    private final HazelcastInstance hazelcast;
    private final IMap<String, MemberStatus> map;
    private final String nodeName;
    private final String address;
    private volatile MemberStatus published;

    MemberStatusBoard(HazelcastInstance hazelcast, String nodeName, String address) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(ClusterMaps.MEMBER_STATUS);
        this.nodeName = nodeName;
        this.address = address;
        hazelcast.getCluster().addMembershipListener(new DepartureCleaner());
    }

    /** Publishes what this member now runs: the server-wide settings version and document versions. */
    public void publish(String serverSettingsVersion, Map<String, Long> appliedDocumentVersions) {
        String memberId = localMemberId();
        var status = new MemberStatus(memberId, nodeName, address, serverSettingsVersion,
                appliedDocumentVersions, System.currentTimeMillis());
        published = status;
        map.set(memberId, status);
    }

    /** The statuses of the members in the cluster now that have published one, by node name. */
    public List<MemberStatus> all() {
        Set<String> present = hazelcast.getCluster().getMembers().stream()
                .map(member -> member.getUuid().toString())
                .collect(Collectors.toSet());
        return map.values().stream()
                .filter(status -> present.contains(status.memberId()))
                .sorted(Comparator.comparing(MemberStatus::nodeName).thenComparing(MemberStatus::memberId))
                .toList();
    }

    /** Removes this member's entry; called as it leaves. */
    void withdraw() {
        published = null;
        map.delete(localMemberId());
    }

    private String localMemberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /**
     * Removes a departed member's entry (every remaining member does it, which is harmless) and
     * publishes this member's own status again, in case its copies went with the departed.
     */
    private final class DepartureCleaner implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            Member departed = event.getMember();
            // Asynchronous: a blocking call must not hold up the event thread.
            map.removeAsync(departed.getUuid().toString());
            var mine = published;
            if (mine != null) {
                map.setAsync(mine.memberId(), mine);
            }
        }
    }
}
