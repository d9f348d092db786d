package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
    @Test
    void anEmptyDocumentAddsNoClientAddresses() {
        SettingsResult<ClusterSettings> result = ClusterSettings.parse("# nothing shared yet\n");

        assertTrue(result.ok(), result.errors()::toString);
        assertFalse(result.value().lists().client().addresses().contains(IpAddress.parse("127.0.0.1")));
        assertFalse(ClusterSettings.empty().lists().client().addresses().contains(IpAddress.parse("127.0.0.1")));
    }

    @Test
    void clientAddressesAreReadAsANetworkAddressList() {
        ClusterSettings settings = ClusterSettings.parse("client-addresses: |\n  198.51.100.0/24\n").value();

        assertTrue(settings.lists().client().addresses().contains(IpAddress.parse("198.51.100.20")));
    }

    @Test
    void aBadEntryIsRefusedWithTheLineOfTheDocument() {
        SettingsResult<ClusterSettings> result = ClusterSettings.parse("""
                # shared by every node
                client-addresses: |
                  198.51.100.0/24
                  198.51.100.0/99
                """);

        assertNull(result.value());
        assertEquals(List.of(4), result.errors().stream().map(SettingsError::line).toList(), result.errors()::toString);
        assertEquals("client-addresses", result.errors().get(0).path());
    }

    @Test
    void anUnknownKeyIsRefusedWithAHint() {
        SettingsResult<ClusterSettings> result = ClusterSettings.parse("client-address: 192.0.2.1\n");

        assertEquals(1, result.errors().size());
        assertEquals("line 1: client-address: unknown setting; did you mean client-addresses?", result.errors().get(0).toString());
    }

    @Test
    void aServerWideKeyIsNotAClusterWideOne() {
        SettingsResult<ClusterSettings> result = ClusterSettings.parse("smtp:\n  max-recipients: 5\n");

        assertEquals("smtp", result.errors().get(0).path());
    }
}
