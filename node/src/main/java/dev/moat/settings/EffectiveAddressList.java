package dev.moat.settings;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import dev.moat.policy.AddressList;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.Listing;
import dev.moat.policy.SettingsLayer;
import java.util.Optional;

/**
 * One list of both layers: the server-wide and cluster-wide lists as written, and the union
 * of their compiled sets, so "is it listed?" costs one lookup however the layers are split.
 * {@link #match} also says which layer and which line listed an address: the server-wide
 * list's line when both list it. Immutable and thread-safe.
 */
public final class EffectiveAddressList implements AddressList {
    private final AddressListKind kind;
    private final NetworkAddressList server;
    private final NetworkAddressList cluster;
    private final AddressSet addresses;

    private EffectiveAddressList(AddressListKind kind, NetworkAddressList server, NetworkAddressList cluster) {
        this.kind = kind;
        this.server = server;
        this.cluster = cluster;
        this.addresses = server.addresses().union(cluster.addresses());
    }

    /** Listed if listed in either layer. */
    static EffectiveAddressList union(AddressListKind kind, AddressLists server, AddressLists cluster) {
        return new EffectiveAddressList(kind, server.get(kind), cluster.get(kind));
    }

    public AddressListKind kind() {
        return kind;
    }

    @Override
    public boolean contains(IpAddress address) {
        return addresses.contains(address);
    }

    /** The listing of {@code address}, or empty (one lookup) when neither layer lists it. */
    @Override
    public Optional<Listing> match(IpAddress address) {
        if (!addresses.contains(address)) {
            return Optional.empty();
        }
        int line = server.addresses().lineOf(address);
        if (line > 0) {
            return Optional.of(new Listing(kind, SettingsLayer.SERVER_WIDE, line, entry(server, line)));
        }
        line = cluster.addresses().lineOf(address);
        return Optional.of(new Listing(kind, SettingsLayer.CLUSTER_WIDE, line, entry(cluster, line)));
    }

    /** Both layers compiled into one set. */
    public AddressSet addresses() {
        return addresses;
    }

    public NetworkAddressList layer(SettingsLayer layer) {
        return layer == SettingsLayer.SERVER_WIDE ? server : cluster;
    }

    private static String entry(NetworkAddressList list, int line) {
        return list.line(line).map(String::strip).orElse("");
    }

    @Override
    public String toString() {
        return kind.key() + addresses;
    }
}
