package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code callout} section (Reverse Connect): off with its defaults in an empty document,
 * strict about its values in both layers, and its row of the merge: on when either layer
 * enables it, the cluster-wide values when the cluster document holds the section.
 */
class CalloutSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.moat.test");

    private static EffectiveSettings build(String server, String cluster) {
        return EffectiveSettings.build(ServerSettings.parse(server, HOST).value(), ClusterSettings.parse(cluster).value(), 1);
    }

    @Test
    void offByDefaultWithShortTimeoutsAndADayForAnAcceptedAddress() {
        var callout = ServerSettings.defaults(HOST).callout();
        assertEquals(new CalloutSection(false, 25, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofDays(1), Duration.ofHours(2), 5), callout);
        assertEquals(callout, CalloutSection.defaults());
        assertFalse(build("", "").callout().enabled());
    }

    @Test
    void badValuesAreRefusedWithTheirKeysInEitherLayer() {
        var server = ServerSettings.parse("callout:\n  port: 0\n  reply-timeout: forever\n  max-per-domain: 0\n  colour: red\n",
                HOST);
        assertFalse(server.ok());
        var errors = server.errors().toString();
        assertTrue(errors.contains("callout.port") && errors.contains("callout.reply-timeout")
                && errors.contains("callout.max-per-domain") && errors.contains("callout.colour"), errors);
        var cluster = ClusterSettings.parse("callout:\n  refused-lifetime: 0s\n");
        assertFalse(cluster.ok());
        assertTrue(cluster.errors().toString().contains("callout.refused-lifetime"), cluster.errors()::toString);
    }

    @Test
    void enabledServerWideOnlyRunsWithTheServerWideValues() {
        var callout = build("callout:\n  enabled: true\n  port: 2525\n", "").callout();
        assertTrue(callout.enabled());
        assertEquals(2525, callout.port());
    }

    @Test
    void enabledClusterWideOnlyRunsOnEveryNodeWithTheClusterWideValues() {
        var callout = build("callout:\n  port: 2525\n", "callout:\n  enabled: true\n  accepted-lifetime: 1h\n").callout();
        assertTrue(callout.enabled());
        assertEquals(25, callout.port(), "the cluster document's section is taken whole");
        assertEquals(Duration.ofHours(1), callout.acceptedLifetime());
    }

    @Test
    void aClusterWideSectionCannotTurnOffWhatTheServerEnabled() {
        assertTrue(build("callout:\n  enabled: true\n", "callout:\n  enabled: false\n").callout().enabled());
    }
}
