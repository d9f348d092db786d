package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The address status in the order of spec/NOTES.md "Address status", with reasons that name
 * the list, the layer and the line. The lists overlap on purpose: 10.0.0.0/8 is Blacklisted
 * server-wide and holds a Denied, a Client and a White Hole address.
 */
class AddressClassifierTest {
    private static final String SERVER = """
            client-addresses: |
              ; our offices
              10.1.0.0/16
              10.9.9.9
            denied-addresses: |
              10.9.9.9        ; a Client that misbehaved: Denied wins
              10.66.0.0/16
            white-hole-addresses: |
              10.2.0.0/16
              10.1.2.3        ; also a Client: Client wins
            blacklisted-addresses: |
              10.0.0.0/8
            lan-addresses: |
              10.0.0.0/8
            debug-addresses: |
              10.1.7.7
              10.5.5.5
            """;
    private static final String CLUSTER = """
            blacklisted-addresses: |
              ; shared by every node
              198.51.100.0/24
            denied-addresses: |
              203.0.113.13
            """;
    private static final AddressSet LOCAL = AddressSet.builder()
            .include(IpAddress.parse("10.7.7.7"), IpAddress.parse("10.7.7.7"), 1)
            .include(IpAddress.parse("192.0.2.250"), IpAddress.parse("192.0.2.250"), 2).build();

    private final EffectiveSettings settings = EffectiveSettings.build(
            ServerSettings.parse(SERVER, new HostFacts("mx.example.net")).value(), ClusterSettings.parse(CLUSTER).value(), 3);
    private final AddressClassifier classifier = new AddressClassifier(LOCAL);

    /** The address, its status, and the list entry that decided it (null for none). */
    static Stream<Arguments> statuses() {
        return Stream.of(
                argumentSet("Denied beats Client", "10.9.9.9", AddressStatus.DENIED,
                        listing(AddressListKind.DENIED, SettingsLayer.SERVER_WIDE, 1, "10.9.9.9        ; a Client that misbehaved: Denied wins")),
                argumentSet("Denied beats Blacklisted", "10.66.1.1", AddressStatus.DENIED,
                        listing(AddressListKind.DENIED, SettingsLayer.SERVER_WIDE, 2, "10.66.0.0/16")),
                argumentSet("Denied cluster-wide", "203.0.113.13", AddressStatus.DENIED,
                        listing(AddressListKind.DENIED, SettingsLayer.CLUSTER_WIDE, 1, "203.0.113.13")),
                argumentSet("Client beats Blacklisted", "10.1.200.1", AddressStatus.CLIENT,
                        listing(AddressListKind.CLIENT, SettingsLayer.SERVER_WIDE, 2, "10.1.0.0/16")),
                argumentSet("Client beats White Hole", "10.1.2.3", AddressStatus.CLIENT,
                        listing(AddressListKind.CLIENT, SettingsLayer.SERVER_WIDE, 2, "10.1.0.0/16")),
                argumentSet("White Hole beats Blacklisted", "10.2.0.1", AddressStatus.WHITE_HOLE,
                        listing(AddressListKind.WHITE_HOLE, SettingsLayer.SERVER_WIDE, 1, "10.2.0.0/16")),
                argumentSet("Blacklisted server-wide", "10.3.0.1", AddressStatus.BLACKLISTED,
                        listing(AddressListKind.BLACKLISTED, SettingsLayer.SERVER_WIDE, 1, "10.0.0.0/8")),
                argumentSet("Blacklisted cluster-wide, line counted in the cluster-wide list", "198.51.100.20",
                        AddressStatus.BLACKLISTED, listing(AddressListKind.BLACKLISTED, SettingsLayer.CLUSTER_WIDE, 2, "198.51.100.0/24")),
                argumentSet("IPv4-mapped IPv6 is the IPv4 address", "::ffff:198.51.100.20",
                        AddressStatus.BLACKLISTED, listing(AddressListKind.BLACKLISTED, SettingsLayer.CLUSTER_WIDE, 2, "198.51.100.0/24")),
                argumentSet("Stranger: in no list", "192.0.2.7", AddressStatus.STRANGER, null),
                argumentSet("Stranger over IPv6", "2001:db8::7", AddressStatus.STRANGER, null));
    }

    private static Listing listing(AddressListKind list, SettingsLayer layer, int line, String entry) {
        return new Listing(list, layer, line, entry);
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void theFirstStatusInTheOrderOfTheNotesWinsAndTheReasonNamesListLayerAndLine(String address, AddressStatus status,
            Listing listing) {
        Classification classification = classifier.byLists(IpAddress.parse(address), settings);

        assertEquals(status, classification.status());
        assertEquals(Optional.ofNullable(listing), classification.reason().listing());
        assertEquals("", classification.reason().rblServer(), "no RBL has listed anyone yet");
        assertEquals(Optional.empty(), classification.reverseName(), "no reverse lookups yet");
    }

    @Test
    void theReasonReadsAsListLayerSettingLineAndEntry() {
        assertEquals("listed in Blacklisted IP Addresses (cluster-wide blacklisted-addresses, line 2: 198.51.100.0/24)",
                classifier.byLists(IpAddress.parse("198.51.100.20"), settings).reason().describe());
        assertEquals("in none of the Denied, Client, White Hole and Blacklisted lists",
                classifier.byLists(IpAddress.parse("192.0.2.7"), settings).reason().describe());
    }

    /** The address and its Test Address line. */
    static Stream<Arguments> lines() {
        return Stream.of(
                argumentSet("a Stranger has no prefix", "192.0.2.7", "[192.0.2.7] is Stranger"),
                argumentSet("a LAN address", "10.1.200.1", "LAN [10.1.200.1] is Client"),
                argumentSet("a local address beats LAN", "10.7.7.7", "Local [10.7.7.7] is Blacklisted"),
                argumentSet("a local address in no list", "192.0.2.250", "Local [192.0.2.250] is Stranger"),
                argumentSet("a LAN White Hole", "10.2.0.1", "LAN [10.2.0.1] is White Hole"),
                argumentSet("a Denied address", "203.0.113.13", "[203.0.113.13] is Denied"),
                argumentSet("IPv6 in its short form", "2001:DB8:0:0::7", "[2001:db8::7] is Stranger"),
                argumentSet("IPv4-mapped IPv6 as IPv4", "::ffff:10.3.0.1", "LAN [10.3.0.1] is Blacklisted"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void theTestAddressLineHasTheChaptersForm(String address, String line) {
        IpAddress ip = IpAddress.parse(address);
        assertEquals(line, classifier.byLists(ip, settings).line(ip));
    }

    @Test
    void aReverseNameIsShownInParenthesesAfterTheAddress() {
        Classification named = new Classification(AddressStatus.CLIENT, new Reason.Unlisted(), AddressPrefix.LAN, false,
                Optional.of("host1.lan"));

        assertEquals("LAN [192.168.1.10](host1.lan) is Client", named.line(IpAddress.parse("192.168.1.10")));
    }

    @Test
    void theDebugListMarksAddressesWhateverTheirStatus() {
        assertTrue(classifier.byLists(IpAddress.parse("10.1.7.7"), settings).debug(), "a Client");
        assertTrue(classifier.byLists(IpAddress.parse("10.5.5.5"), settings).debug(), "a Blacklisted one");
        assertFalse(classifier.byLists(IpAddress.parse("10.5.5.6"), settings).debug());
        assertEquals(AddressStatus.BLACKLISTED, classifier.byLists(IpAddress.parse("10.5.5.5"), settings).status());
    }
}
