package dev.moat.settings;

import dev.moat.net.AddressSet;
import dev.moat.router.Router;
import dev.moat.router.RouterTable;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a session needs, compiled from the server-wide and cluster-wide settings into one
 * immutable snapshot that is swapped as a whole: a connection keeps the snapshot it started
 * with, and lookups never lock. {@link #build} is the one place where the rules of {@code
 * spec/NOTES.md} ("Cluster-wide extensions") combine the two layers.
 */
public final class EffectiveSettings {
    private final ServerSettings server;
    private final ClusterSettings cluster;
    private final long clusterVersion;
    private final AddressSet clientAddresses;
    private final Set<String> localDomains;
    private final Router router;
    private final Directory directory;

    private EffectiveSettings(ServerSettings server, ClusterSettings cluster, long clusterVersion,
            AddressSet clientAddresses, RouterTable routerTable, Directory directory, Set<String> localDomains) {
        this.server = server;
        this.cluster = cluster;
        this.clusterVersion = clusterVersion;
        this.clientAddresses = clientAddresses;
        this.localDomains = Set.copyOf(localDomains);
        this.router = new Router(routerTable, this::isLocalDomain);
        this.directory = directory;
    }

    /** One line per row of the "Cluster-wide extensions" table; rows to come are named where they go. */
    public static EffectiveSettings build(ServerSettings server, ClusterSettings cluster, long clusterVersion) {
        return build(server, cluster, clusterVersion, RouterTable.empty(), Directory.empty());
    }

    /** As above, with the cluster documents {@code router} (the cluster-wide Router table) and {@code directory}. */
    public static EffectiveSettings build(ServerSettings server, ClusterSettings cluster, long clusterVersion,
            RouterTable clusterRouter, Directory directory) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(cluster, "cluster");
        // Client IP list: union, listed if listed in either.
        AddressSet clients = server.clientAddresses().addresses().union(cluster.clientAddresses().addresses());
        // Blacklisted IP list: union.                       (to come with the Blacklisted list)
        // UnBlacklistable IP list: union.                   (to come with the Blacklisted list)
        // Client by DNS name, Blacklist by DNS name: union, when enabled on the cluster-wide side. (to come)
        // RBL servers: the server's own list first, then the cluster-wide list. (to come with RBL checks)
        // Banned header and body lines: union.               (to come with content checks)
        // Temporary blocking settings: only the cluster-wide ones, in a cluster. (to come with blocking)
        // Temporarily blocked / unblockable / debug addresses: one shared set in the cluster, state rather than settings.
        // Router: the server's own records first, then the cluster-wide records.
        RouterTable router = RouterTable.combine(server.router(), clusterRouter);
        // Local domains: the server's own, and every domain of the cluster-wide directory.
        Set<String> local = new java.util.LinkedHashSet<>(server.localDomains());
        local.addAll(directory.domains().keySet());
        return new EffectiveSettings(server, cluster, clusterVersion, clients, router, directory, local);
    }

    public ServerSettings server() {
        return server;
    }

    public ClusterSettings cluster() {
        return cluster;
    }

    /** The Client IP list of both layers, compiled. */
    public AddressSet clientAddresses() {
        return clientAddresses;
    }

    /** The Router of both layers, bound to the local domains. */
    public Router router() {
        return router;
    }

    /** The cluster-wide directory of domains and accounts. */
    public Directory directory() {
        return directory;
    }

    /** The local domains, canonical: lower case, no trailing dot. */
    public Set<String> localDomains() {
        return localDomains;
    }

    /** Whether mail to this domain stays here; case and a trailing dot do not matter. */
    public boolean isLocalDomain(String domain) {
        return localDomains.contains(Domains.lookupKey(domain));
    }

    /** The version of the server-wide file, as reported to operators. */
    public String serverVersion() {
        return server.sourceHash();
    }

    /** The version number of the cluster-wide document. */
    public long clusterVersion() {
        return clusterVersion;
    }
}
