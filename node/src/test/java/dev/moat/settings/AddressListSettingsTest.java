package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.policy.AddressListKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every network address list key, in both layers: read in both list forms, empty when absent
 * (but for the server-wide Client list), and a bad line refuses the whole document with the
 * line of the document and the line as written. One case per list key.
 */
class AddressListSettingsTest {
    private static final HostFacts HOST = new HostFacts("mail-7.example.net");
    private static final IpAddress LISTED = IpAddress.parse("192.0.2.9");
    private static final IpAddress EXCLUDED = IpAddress.parse("192.0.2.15");
    private static final IpAddress MAPPED = IpAddress.parse("::ffff:198.51.100.3");
    private static final IpAddress IPV6 = IpAddress.parse("2001:db8:7::1");

    private static String block(AddressListKind kind) {
        return kind.key() + ": |\n  192.0.2.0/24   ; a network\n  !192.0.2.15\n  198.51.100.3\n  2001:db8:7::/48\n";
    }

    private static String yamlList(AddressListKind kind) {
        return kind.key() + ": [192.0.2.0/24, '!192.0.2.15', 198.51.100.3, '2001:db8:7::/48']\n";
    }

    private static String withBadLine(AddressListKind kind) {
        return "# line 1\n" + kind.key() + ": |\n  192.0.2.0/24\n  192.0.2.0/33   ; line 4\n  2001:db8::/32\n";
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void eachServerWideListIsReadFromItsKeyInBothForms(AddressListKind kind) {
        for (String yaml : List.of(block(kind), yamlList(kind))) {
            ServerSettings settings = ServerSettings.parse(yaml, HOST).value();
            assertHoldsTheExample(settings.lists().get(kind));
            for (AddressListKind other : AddressListKind.values()) {
                if (other != kind) {
                    assertFalse(settings.lists().get(other).addresses().contains(LISTED), other + " must not hold it");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void eachClusterWideListIsReadFromItsKeyInBothForms(AddressListKind kind) {
        for (String yaml : List.of(block(kind), yamlList(kind))) {
            SettingsResult<ClusterSettings> result = ClusterSettings.parse(yaml);
            assertTrue(result.ok(), result.errors()::toString);
            assertHoldsTheExample(result.value().lists().get(kind));
        }
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void anAbsentListIsEmptyButTheServerWideClientListHoldsLoopback(AddressListKind kind) {
        IpAddress loopback = IpAddress.parse("127.0.0.1");
        assertEquals(kind == AddressListKind.CLIENT,
                ServerSettings.parse("", HOST).value().lists().get(kind).addresses().contains(loopback));
        assertTrue(ClusterSettings.parse("").value().lists().get(kind).addresses().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void aBadLineRefusesTheServerWideFileNamingTheFileLineAndTheEntry(AddressListKind kind) {
        SettingsResult<ServerSettings> result = ServerSettings.parse(withBadLine(kind), HOST);

        assertNull(result.value());
        assertEquals(1, result.errors().size(), result.errors()::toString);
        SettingsError error = result.errors().get(0);
        assertEquals(4, error.line());
        assertEquals(kind.key(), error.path());
        assertTrue(error.message().endsWith("192.0.2.0/33   ; line 4"), error::toString);
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void aBadLineRefusesTheClusterWideDocumentNamingTheLineAndTheEntry(AddressListKind kind) {
        SettingsResult<ClusterSettings> result = ClusterSettings.parse(withBadLine(kind));

        assertNull(result.value());
        assertEquals(1, result.errors().size(), result.errors()::toString);
        assertEquals(4, result.errors().get(0).line());
        assertEquals(kind.key(), result.errors().get(0).path());
        assertTrue(result.errors().get(0).message().endsWith("192.0.2.0/33   ; line 4"), result.errors()::toString);
    }

    private static void assertHoldsTheExample(dev.moat.net.NetworkAddressList list) {
        assertTrue(list.addresses().contains(LISTED));
        assertFalse(list.addresses().contains(EXCLUDED), "the ! line takes it out");
        assertTrue(list.addresses().contains(MAPPED), "IPv4-mapped IPv6 is the IPv4 address");
        assertTrue(list.addresses().contains(IPV6));
        assertFalse(list.addresses().contains(IpAddress.parse("203.0.113.1")));
    }
}
