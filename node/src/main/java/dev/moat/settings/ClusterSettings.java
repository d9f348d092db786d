package dev.moat.settings;

import dev.moat.dns.RblZone;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The cluster-wide settings: the document kept in the cluster and shared by every node,
 * parsed as strictly as the server-wide file and with the same value types (the address
 * lists). Each list extends its server-wide counterpart as {@link EffectiveSettings#build}
 * says, and {@code spf}, {@code spf-permerror} hold where the server's file does not write them;
 * the {@code temporary-blocking} section exists only here; a {@code callout} section, when
 * present, combines with the server's as {@link CalloutSection#combine} says. The version number is the
 * cluster's, not part of the document.
 */
public record ClusterSettings(AddressLists lists, TemporaryBlockingSettings temporaryBlocking, List<RblZone> rblZones,
        SpfSettings spf, Optional<CalloutSection> callout) {
    public ClusterSettings {
        Objects.requireNonNull(lists, "lists");
        Objects.requireNonNull(temporaryBlocking, "temporaryBlocking");
        rblZones = List.copyOf(rblZones);
        Objects.requireNonNull(spf, "spf");
        Objects.requireNonNull(callout, "callout");
    }

    /** The settings of an empty document: nothing added to the server-wide settings. */
    public static ClusterSettings empty() {
        return new ClusterSettings(AddressLists.empty(), TemporaryBlockingSettings.defaults(), List.of(), SpfSettings.none(),
                Optional.empty());
    }

    public static SettingsResult<ClusterSettings> parse(String yaml) {
        ErrorList errors = new ErrorList();
        Optional<Node> root = YamlDocument.compose(yaml, errors);
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        MappingReader r = MappingReader.root(root, errors);
        AddressLists lists = AddressLists.read(r, "");
        TemporaryBlockingSettings temporaryBlocking = r.section("temporary-blocking", TemporaryBlockingSettings::read);
        List<RblZone> rblZones = RblZones.read(r);
        SpfSettings spf = SpfSettings.read(r);
        Optional<CalloutSection> callout = r.has("callout")
                ? Optional.of(r.section("callout", CalloutSection::read)) : Optional.empty();
        r.finish();
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        return SettingsResult.valid(new ClusterSettings(lists, temporaryBlocking, rblZones, spf, callout));
    }
}
