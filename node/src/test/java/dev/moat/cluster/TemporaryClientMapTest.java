package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary Clients shared by real members on loopback. */
class TemporaryClientMapTest {
    @TempDir
    Path dir;

    @Test
    void anAddressMadeATemporaryClientOnOneMemberIsOneOnEveryMemberUntilItsTimeIsUp() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 2)) {
            var first = cluster.start(1);
            var second = cluster.start(2);
            var address = IpAddress.parse("192.0.2.7");

            first.temporaryClients().add(address, Duration.ofSeconds(3), 10);

            assertTrue(first.temporaryClients().contains(address), "at once where it was added");
            Eventually.until("the other member hears of it", () -> second.temporaryClients().contains(address));
            assertFalse(second.temporaryClients().contains(IpAddress.parse("192.0.2.8")));
            Eventually.until("its time is up on both", () -> !first.temporaryClients().contains(address)
                    && !second.temporaryClients().contains(address));
        }
    }

    @Test
    void aFullListTakesNoNewAddressButRenewsTheOnesItHoldsWithAWarningAndACount() throws Exception {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TemporaryClientMap.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try (var cluster = new LoopbackCluster(dir, 2)) {
            var events = new RecordingEvents();
            var first = cluster.start(cluster.options(1), events);
            var second = cluster.start(2);
            var a = IpAddress.parse("192.0.2.1");
            var b = IpAddress.parse("2001:db8::2");
            var c = IpAddress.parse("192.0.2.3");
            assertTrue(first.temporaryClients().add(a, Duration.ofMinutes(1), 2));
            assertTrue(second.temporaryClients().add(b, Duration.ofMinutes(1), 2));
            Eventually.until("the first holds both", () -> first.temporaryClients().size() == 2);

            assertFalse(first.temporaryClients().add(c, Duration.ofMinutes(1), 2), "full");
            assertFalse(first.temporaryClients().add(c, Duration.ofMinutes(1), 2), "still full");
            assertTrue(first.temporaryClients().add(a, Duration.ofMinutes(2), 2), "an address it holds is renewed");

            assertFalse(first.temporaryClients().contains(c));
            assertEquals(2, first.temporaryClients().size());
            assertEquals(2, events.count("full"));
            var warnings = appender.list.stream().map(e -> e.getFormattedMessage())
                    .filter(m -> m.startsWith("The Temporary Clients list is full")).toList();
            assertEquals(1, warnings.size(), "rate-limited: " + warnings);
            assertTrue(warnings.get(0).contains("192.0.2.3 was not made a Temporary Client"), warnings::toString);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
