package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster-wide directory of domains and accounts: its document, services and lookups. */
class DirectoryTest {
    static String hash;

    @BeforeAll
    static void hash() {
        hash = PasswordHash.create("secret".toCharArray());
    }

    private static Directory parse(String yaml) {
        var parsed = Directory.parse(yaml);
        assertEquals(List.of(), parsed.errors());
        return parsed.value();
    }

    private String sample() {
        return """
                domains:
                  - name: Example.test
                    services: {relay: false}
                  - name: other.test
                accounts:
                  - name: alice@example.test
                    password: "%1$s"
                  - name: bob@EXAMPLE.test
                    password: "%1$s"
                    services: {relay: true, roaming: false}
                    login-addresses: |
                      198.51.100.0/24
                  - name: carol@other.test
                    password: "%1$s"
                    services: {smtp: false}
                """.formatted(hash);
    }

    @Test
    void anAccountTakesItsDomainsServicesUnlessItSetsItsOwn() {
        var directory = parse(sample());

        var alice = directory.account("alice@example.test").orElseThrow();
        var bob = directory.account("Bob@Example.Test").orElseThrow();
        assertEquals(new Directory.Services(true, false, true), directory.services(alice));
        assertEquals(new Directory.Services(true, true, false), directory.services(bob));
        assertEquals(new Directory.Services(false, true, true),
                directory.services(directory.account("carol@other.test").orElseThrow()));
        assertTrue(bob.loginAddresses().addresses().contains(IpAddress.parse("198.51.100.7")));
    }

    @Test
    void aBareLoginNameFindsTheOneAccountWithThatName() {
        var directory = parse(sample());

        assertEquals("alice@example.test", directory.account("alice").orElseThrow().name());
        assertTrue(directory.account("nobody").isEmpty());
    }

    @Test
    void passwordsMustBeHashesAndAccountsNeedAListedDomain() {
        var parsed = Directory.parse("""
                domains:
                  - name: example.test
                accounts:
                  - name: alice@example.test
                    password: secret
                  - name: dave@unknown.test
                    password: "%s"
                  - name: nodomain
                    password: "%1$s"
                """.formatted(hash));

        assertEquals(List.of(5, 6, 8), parsed.errors().stream().map(SettingsError::line).toList());
        assertFalse(parsed.errors().toString().contains("secret"), "the password is never shown");
    }

    @Test
    void theDirectorysDomainsAreLocalDomains() {
        var settings = EffectiveSettings.build(ServerSettings.defaults(new HostFacts("mx.example.net")),
                ClusterSettings.empty(), 0, dev.moat.router.RouterTable.empty(), parse(sample()));

        assertTrue(settings.isLocalDomain("other.test"));
        assertTrue(settings.isLocalDomain("EXAMPLE.test"));
        assertEquals(dev.moat.mail.Route.Outcome.LOCAL, settings.router().route("alice@example.test").outcome());
    }
}
