package dev.moat.cluster;

import dev.moat.cluster.ClusterSecret.MacCheck;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting member offers the cluster for one document, signed with the cluster secret:
 * the higher of its durable copy and the {@code cluster-config} text (which is trusted as the
 * operator's own file and signed here). A durable copy with a wrong MAC is ignored with a
 * warning. An unsigned durable copy (written by a release before cluster secrets) is signed
 * and offered only while the cluster holds no signed version of the document, which is the
 * upgrade path; a cluster version signed with a previous secret is offered again signed with
 * the current one, {@code supersededMac} naming the MAC it replaces.
 */
record DocumentSeed(ClusterDocument offered, String supersededMac) {

    private static final Logger log = LoggerFactory.getLogger(DocumentSeed.class);

    static DocumentSeed choose(String name, String initialText, Optional<ClusterDocument> inCluster,
            DurableDocuments copies, Signatures signatures) {
        ClusterDocument initial = signatures.sign(DocumentFile.parse(name, initialText, "cluster-config"));
        ClusterDocument offered = ownCopy(name, copies, signatures, inCluster.isPresent())
                .filter(own -> own.version() >= initial.version())
                .orElse(initial);
        if (inCluster.isPresent() && inCluster.get().version() >= offered.version()
                && signatures.check(inCluster.get()) == MacCheck.SIGNED_BY_PREVIOUS) {
            log.info("Signing version {} of document {} again with the current cluster secret",
                    inCluster.get().version(), name);
            return new DocumentSeed(signatures.sign(inCluster.get()), inCluster.get().mac());
        }
        return new DocumentSeed(offered, "");
    }

    private static Optional<ClusterDocument> ownCopy(String name, DurableDocuments copies, Signatures signatures,
            boolean clusterHasSigned) {
        Optional<ClusterDocument> copy = copies.read(name);
        if (copy.isEmpty()) {
            return copy;
        }
        ClusterDocument own = copy.get();
        return switch (signatures.check(own)) {
            case SIGNED -> copy;
            case SIGNED_BY_PREVIOUS -> Optional.of(signatures.sign(own));
            case MISSING -> {
                if (clusterHasSigned) {
                    log.info("Not offering this member's unsigned copy of document {} (version {}): the cluster "
                            + "holds a signed version", name, own.version());
                    yield Optional.empty();
                }
                log.warn("Signing this member's unsigned copy of document {} (version {}, written before cluster "
                        + "secrets) and offering it: the cluster holds no signed version", name, own.version());
                yield Optional.of(signatures.sign(own));
            }
            case WRONG -> {
                log.warn("Ignoring this member's copy of document {} (version {}) in {}: its MAC is wrong (was it "
                        + "written with another cluster secret?)", name, own.version(), copies.folder());
                yield Optional.empty();
            }
        };
    }
}
