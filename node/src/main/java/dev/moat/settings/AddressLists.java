package dev.moat.settings;

import dev.moat.net.NameTemplates;
import dev.moat.net.NetworkAddressList;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.NameListKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The six network address lists and the three DNS-name lists of one settings layer, as
 * written: the server-wide file and the cluster-wide document hold the same keys, read by the
 * same parser. An absent key is an empty list, except the server-wide Client list, which
 * defaults to the loopback addresses.
 */
public record AddressLists(NetworkAddressList client, NetworkAddressList lan, NetworkAddressList denied,
        NetworkAddressList blacklisted, NetworkAddressList whiteHole, NetworkAddressList debug,
        Map<NameListKind, NameTemplates> names) {

    public AddressLists {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(lan, "lan");
        Objects.requireNonNull(denied, "denied");
        Objects.requireNonNull(blacklisted, "blacklisted");
        Objects.requireNonNull(whiteHole, "whiteHole");
        Objects.requireNonNull(debug, "debug");
        names = Map.copyOf(names);
    }

    public static AddressLists empty() {
        NetworkAddressList none = NetworkAddressList.empty();
        return new AddressLists(none, none, none, none, none, none, Map.of());
    }

    public NetworkAddressList get(AddressListKind kind) {
        return switch (kind) {
            case CLIENT -> client;
            case LAN -> lan;
            case DENIED -> denied;
            case BLACKLISTED -> blacklisted;
            case WHITE_HOLE -> whiteHole;
            case DEBUG -> debug;
        };
    }

    /** Reads every list key of a layer; a bad line is an error at its line of the document. */
    static AddressLists read(MappingReader r, String clientDefault) {
        return new AddressLists(
                read(r, AddressListKind.CLIENT, clientDefault),
                read(r, AddressListKind.LAN, ""),
                read(r, AddressListKind.DENIED, ""),
                read(r, AddressListKind.BLACKLISTED, ""),
                read(r, AddressListKind.WHITE_HOLE, ""),
                read(r, AddressListKind.DEBUG, ""),
                names(r));
    }

    /** The DNS-name list of this kind; empty when the layer has none. */
    public NameTemplates names(NameListKind kind) {
        return names.getOrDefault(kind, NameTemplates.empty());
    }

    private static Map<NameListKind, NameTemplates> names(MappingReader r) {
        var names = new EnumMap<NameListKind, NameTemplates>(NameListKind.class);
        for (NameListKind kind : NameListKind.values()) {
            r.nameTemplates(kind.key()).ifPresent(templates -> names.put(kind, templates));
        }
        return names;
    }

    private static NetworkAddressList read(MappingReader r, AddressListKind kind, String absent) {
        return r.addresses(kind.key(), absent).orElseGet(NetworkAddressList::empty);
    }
}
