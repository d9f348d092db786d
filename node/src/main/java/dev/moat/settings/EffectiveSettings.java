package dev.moat.settings;

import static dev.moat.policy.AddressListKind.BLACKLISTED;
import static dev.moat.policy.AddressListKind.CLIENT;
import static dev.moat.policy.AddressListKind.DEBUG;
import static dev.moat.policy.AddressListKind.DENIED;
import static dev.moat.policy.AddressListKind.LAN;
import static dev.moat.policy.AddressListKind.WHITE_HOLE;

import dev.moat.content.EffectiveBannedLines;
import dev.moat.dns.RblZone;
import dev.moat.dns.SpfPolicy;
import dev.moat.net.AddressSet;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.BlacklistedProcessing;
import dev.moat.policy.NameList;
import dev.moat.policy.NameListKind;
import dev.moat.policy.StatusLists;
import dev.moat.router.Router;
import dev.moat.router.RouterTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a session needs, compiled from the server-wide and cluster-wide settings into one
 * immutable snapshot that is swapped as a whole: a connection keeps the snapshot it started
 * with, and lookups never lock. {@link #build} is the one place where the rules of {@code
 * spec/NOTES.md} ("Cluster-wide extensions") combine the two layers.
 */
public final class EffectiveSettings implements StatusLists {
    private final ServerSettings server;
    private final ClusterSettings cluster;
    private final long clusterVersion;
    private final Map<AddressListKind, EffectiveAddressList> lists;
    private final EffectiveAddressList client;
    private final EffectiveAddressList lan;
    private final EffectiveAddressList denied;
    private final EffectiveAddressList blacklisted;
    private final EffectiveAddressList whiteHole;
    private final EffectiveAddressList debug;
    private final AddressSet listedAnywhere;
    private final Set<String> localDomains;
    private final Router router;
    private final Directory directory;
    private final List<RblZone> rblZones;
    private final Map<NameListKind, EffectiveNameList> names;
    private final EffectiveBannedLines bannedLines;
    private final SpfPolicy spf;
    private final CalloutSection callout;

    private EffectiveSettings(ServerSettings server, ClusterSettings cluster, long clusterVersion,
            Map<AddressListKind, EffectiveAddressList> lists, RouterTable routerTable, Directory directory,
            Set<String> localDomains, List<RblZone> rblZones, Map<NameListKind, EffectiveNameList> names,
            EffectiveBannedLines bannedLines, SpfPolicy spf) {
        this.server = server;
        this.cluster = cluster;
        this.clusterVersion = clusterVersion;
        this.lists = Map.copyOf(lists);
        this.client = lists.get(CLIENT);
        this.lan = lists.get(LAN);
        this.denied = lists.get(DENIED);
        this.blacklisted = lists.get(BLACKLISTED);
        this.whiteHole = lists.get(WHITE_HOLE);
        this.debug = lists.get(DEBUG);
        this.listedAnywhere = AddressSet.unionOf(lists.values().stream().map(EffectiveAddressList::addresses).toList());
        this.localDomains = Set.copyOf(localDomains);
        this.router = new Router(routerTable, this::isLocalDomain);
        this.directory = directory;
        this.rblZones = List.copyOf(rblZones);
        this.names = Map.copyOf(names);
        this.bannedLines = bannedLines;
        this.spf = spf;
        // Reverse Connect (not in the table): on when either layer enables it, the cluster-wide values when set.
        this.callout = CalloutSection.combine(server.callout(), cluster.callout());
    }

    /** One line per row of the "Cluster-wide extensions" table; rows to come are named where they go. */
    public static EffectiveSettings build(ServerSettings server, ClusterSettings cluster, long clusterVersion) {
        return build(server, cluster, clusterVersion, RouterTable.empty(), Directory.empty());
    }

    /** As above, with the cluster documents {@code router} (the cluster-wide Router table) and {@code directory}. */
    public static EffectiveSettings build(ServerSettings server, ClusterSettings cluster, long clusterVersion,
            RouterTable clusterRouter, Directory directory) {
        return build(server, new ClusterLayer(cluster, clusterRouter, directory), clusterVersion);
    }

    /**
     * The snapshot of the server-wide settings and the cluster-wide layer, whose {@code settings}
     * document has {@code clusterVersion}.
     */
    public static EffectiveSettings build(ServerSettings server, ClusterLayer layer, long clusterVersion) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(layer, "layer");
        ClusterSettings cluster = layer.settings();
        RouterTable clusterRouter = layer.router();
        Directory directory = layer.directory();
        AddressLists s = server.lists();
        AddressLists c = cluster.lists();
        var lists = new EnumMap<AddressListKind, EffectiveAddressList>(AddressListKind.class);
        // Client IP list: union, listed if listed in either.
        lists.put(CLIENT, EffectiveAddressList.union(CLIENT, s, c));
        // Blacklisted IP list: union.
        lists.put(BLACKLISTED, EffectiveAddressList.union(BLACKLISTED, s, c));
        // UnBlacklistable (White Hole) IP list: union.
        lists.put(WHITE_HOLE, EffectiveAddressList.union(WHITE_HOLE, s, c));
        // Denied, LAN and Debug IP lists are not in the table; read the same way, as the chapter reads
        // every cluster-wide address table: union. A cluster-wide entry holds on every node, and no
        // layer can take an address off the other's list.
        lists.put(DENIED, EffectiveAddressList.union(DENIED, s, c));
        lists.put(LAN, EffectiveAddressList.union(LAN, s, c));
        lists.put(DEBUG, EffectiveAddressList.union(DEBUG, s, c));
        // Processing messages from blacklisted addresses (action, header): server-wide only, not in the table.
        // Client by DNS name, Blacklist by DNS name (and White Holes by DNS name): union; a
        // cluster-wide list is "enabled" by holding a template.
        var names = new EnumMap<NameListKind, EffectiveNameList>(NameListKind.class);
        for (NameListKind kind : NameListKind.values()) {
            names.put(kind, new EffectiveNameList(kind, s, c));
        }
        // RBL servers: the server's own list first, then the cluster-wide list.
        List<RblZone> rblZones = new ArrayList<>(server.rblZones());
        rblZones.addAll(cluster.rblZones());
        // Banned header and body lines: union.
        EffectiveBannedLines banned = new EffectiveBannedLines(server.bannedLines().lists(), layer.bannedLines());
        // SPF policy (not in the table): the server's own where its file writes it, else the cluster-wide, else off.
        SpfPolicy spf = server.spf().over(cluster.spf());
        // Temporary blocking settings: only the cluster-wide ones, in a cluster. (to come with blocking)
        // Temporarily blocked / unblockable / debug addresses: one shared set in the cluster, state rather than settings.
        // Router: the server's own records first, then the cluster-wide records.
        RouterTable router = RouterTable.combine(server.router(), clusterRouter);
        // Local domains: the server's own, and every domain of the cluster-wide directory.
        Set<String> local = new java.util.LinkedHashSet<>(server.localDomains());
        local.addAll(directory.domains().keySet());
        return new EffectiveSettings(server, cluster, clusterVersion, lists, router, directory, local, rblZones, names,
                banned, spf);
    }

    public ServerSettings server() {
        return server;
    }

    public ClusterSettings cluster() {
        return cluster;
    }

    /** The effective list of this kind, both layers compiled. */
    @Override
    public EffectiveAddressList list(AddressListKind kind) {
        return lists.get(kind);
    }

    /** The Client IP list of both layers, compiled. */
    public EffectiveAddressList clientAddresses() {
        return client;
    }

    public EffectiveAddressList lanAddresses() {
        return lan;
    }

    public EffectiveAddressList deniedAddresses() {
        return denied;
    }

    public EffectiveAddressList blacklistedAddresses() {
        return blacklisted;
    }

    /** The UnBlacklistable (White Hole) IP list of both layers. */
    public EffectiveAddressList whiteHoleAddresses() {
        return whiteHole;
    }

    public EffectiveAddressList debugAddresses() {
        return debug;
    }

    /**
     * Every address any list holds, compiled into one set: an address outside it is in no
     * list, which one lookup tells (most connections are from such Strangers, and six lookups
     * in six large sets cost six trips to memory).
     */
    @Override
    public AddressSet listedAnywhere() {
        return listedAnywhere;
    }

    /** What happens to mail from Blacklisted addresses. */
    public BlacklistedProcessing blacklisted() {
        return server.blacklisted();
    }

    /** The Router of both layers, bound to the local domains. */
    public Router router() {
        return router;
    }

    @Override
    public NameList names(NameListKind kind) {
        return names.get(kind);
    }

    /** The RBL zones in the order they decide: the server's own, then the cluster-wide ones. */
    public List<RblZone> rblZones() {
        return rblZones;
    }

    /** The Banned Header and Body Lines of both layers, each layer compiled. */
    public EffectiveBannedLines bannedLines() {
        return bannedLines;
    }

    /** What SPF results do: {@code spf} and {@code spf-permerror} of both layers. */
    public SpfPolicy spf() {
        return spf;
    }

    /** Reverse Connect (the sender callout), both layers combined. */
    public CalloutSection callout() {
        return callout;
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
