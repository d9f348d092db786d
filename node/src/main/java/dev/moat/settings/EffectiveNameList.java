package dev.moat.settings;

import dev.moat.net.NameTemplates;
import dev.moat.policy.Listing;
import dev.moat.policy.NameList;
import dev.moat.policy.NameListKind;
import dev.moat.policy.SettingsLayer;
import java.util.Optional;

/**
 * One DNS-name list of both layers: listed if either layer's templates match (NOTES: union),
 * the server-wide template named when both do. Immutable and thread-safe.
 */
final class EffectiveNameList implements NameList {
    private final NameListKind kind;
    private final NameTemplates server;
    private final NameTemplates cluster;

    EffectiveNameList(NameListKind kind, AddressLists server, AddressLists cluster) {
        this.kind = kind;
        this.server = server.names(kind);
        this.cluster = cluster.names(kind);
    }

    @Override
    public boolean isEmpty() {
        return server.isEmpty() && cluster.isEmpty();
    }

    @Override
    public Optional<Listing> match(String name) {
        return server.match(name).map(t -> new Listing(kind, SettingsLayer.SERVER_WIDE, t.line(), t.pattern()))
                .or(() -> cluster.match(name).map(t -> new Listing(kind, SettingsLayer.CLUSTER_WIDE, t.line(), t.pattern())));
    }
}
