package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.policy.DecisionMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.example.net");

    @Test
    void theFullExampleNamesARingAndModes() throws Exception {
        var settings = ServerSettings.parse(ServerSettingsTest.fullExample(), HOST).value();
        assertEquals(new DecisionsSection(true, 100_000, 10_000, Map.of("blacklist/zen.example", DecisionMode.MONITOR,
                "helo", DecisionMode.TEMPFAIL)), settings.decisions());
    }

    @Test
    void anEmptyFileKeepsRecordsAndEnforcesEverything() {
        var settings = ServerSettings.parse("", HOST).value();
        assertEquals(DecisionsSection.defaults(), settings.decisions());
        assertTrue(EffectiveSettings.build(settings, ClusterSettings.empty(), 0).decisionModes().modes().isEmpty());
    }

    @Test
    void aBadModeOrKeyRefusesTheFileNamingTheLine() {
        var result = ServerSettings.parse("""
                decisions:
                  modes:
                    helo: watch
                    "Bad Key": monitor
                """, HOST);
        assertFalse(result.ok());
        assertEquals(2, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).toString().contains("line 3") && result.errors().get(0).toString()
                .contains("must be one of enforce, monitor, tempfail, tag"), result.errors().toString());
    }

    @Test
    void theClusterWideKeyWinsOverTheServerWideOne() {
        var server = ServerSettings.parse("decisions:\n  modes:\n    blacklist: monitor\n    helo: tag\n", HOST).value();
        var cluster = ClusterSettings.parse("decisions:\n  modes:\n    blacklist: enforce\n").value();
        assertEquals(Map.of("blacklist", DecisionMode.ENFORCE, "helo", DecisionMode.TAG),
                EffectiveSettings.build(server, cluster, 1).decisionModes().modes());
        assertFalse(ClusterSettings.parse("decisions:\n  ring-size: 5\n").ok(), "the rings are each node's own");
    }
}
