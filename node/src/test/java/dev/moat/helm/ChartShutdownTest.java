package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static dev.moat.helm.MoatChart.container;
import static dev.moat.helm.MoatChart.podSpec;
import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The pod's stop fits its grace period: the chart writes {@code drainSeconds} as the node's
 * {@code smtp.timeouts.drain} and gives Hazelcast's graceful shutdown what is left of
 * {@code terminationGracePeriodSeconds} after the drain and 5 s to exit; a grace period too
 * short for the drain and leaving the cluster, or a drain written in {@code settings}, stops
 * the render with the values to use.
 */
class ChartShutdownTest {

    @Test
    void byDefaultSessionsDrainForTenSecondsAndHazelcastGetsFifteenOfTheThirty() {
        var rendered = render();
        assertEquals(Duration.ofSeconds(10), settings(rendered).smtp().timeouts().drain());
        assertEquals(30, at(podSpec(rendered), "terminationGracePeriodSeconds"));
        assertTrue(javaOptions(rendered).contains("-Dhazelcast.graceful.shutdown.max.wait=15"), javaOptions(rendered));
    }

    @Test
    void aLongerDrainTakesItsShareOfTheGracePeriod() {
        var rendered = render(c -> c.set("drainSeconds", 60).set("terminationGracePeriodSeconds", 90));
        assertEquals(Duration.ofSeconds(60), settings(rendered).smtp().timeouts().drain());
        assertEquals(90, at(podSpec(rendered), "terminationGracePeriodSeconds"));
        assertTrue(javaOptions(rendered).contains("-Dhazelcast.graceful.shutdown.max.wait=25"), javaOptions(rendered));
    }

    @Test
    void aGracePeriodThatCannotHoldTheDrainAndTheLeaveIsRefused() {
        var error = assertThrows(IllegalStateException.class, () -> render(c -> c.set("drainSeconds", 25)));
        assertTrue(error.getMessage().contains(
                "terminationGracePeriodSeconds (30) must be at least drainSeconds (25) + 10"), error.getMessage());
    }

    @Test
    void aDrainWrittenInTheSettingsIsRefusedNamingTheValueToUse() {
        var error = assertThrows(IllegalStateException.class,
                () -> render(c -> c.set("settings.smtp.timeouts.drain", "20s")));
        assertTrue(error.getMessage().contains("settings.smtp.timeouts.drain is computed by the chart")
                && error.getMessage().contains("use drainSeconds"), error.getMessage());
    }

    private static String javaOptions(Manifests rendered) {
        return String.valueOf(named(at(container(rendered), "env"), "name", "MOAT_JAVA_OPTS").get("value"));
    }
}
