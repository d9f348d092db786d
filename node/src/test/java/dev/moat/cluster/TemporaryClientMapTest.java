package dev.moat.cluster;

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
}
