package dev.moat.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.policy.SessionEvent;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A login makes a Temporary Client for the UnBlocking Time and within the limit of the cluster-wide settings. */
class TemporaryClientGrantTest {
    private static final IpAddress CLIENT = IpAddress.parse("198.51.100.7");

    /** Records each grant asked for. */
    private static final class Recorded implements TemporaryClients {
        final List<String> grants = new ArrayList<>();

        @Override
        public boolean contains(IpAddress address) {
            return false;
        }

        @Override
        public boolean add(IpAddress address, Duration time, int limit) {
            grants.add(address + " for " + time + " within " + limit);
            return true;
        }

        @Override
        public int size() {
            return grants.size();
        }
    }

    @Test
    void theUnblockingTimeAndTheLimitComeFromTheClusterWideSettings() {
        var recorded = new Recorded();
        var settings = settings("""
                temporary-blocking:
                  unblocking-time: 2h
                  unblockable-addresses-limit: 500
                """);

        new TemporaryClientGrant(() -> settings, recorded).on(new SessionEvent.LoginSucceeded(CLIENT, "alice@example.com", "ref"));

        assertEquals(List.of("198.51.100.7 for PT2H within 500"), recorded.grants);
    }

    @Test
    void withoutTheSectionThirtyMinutesAndTenThousand() {
        var recorded = new Recorded();

        new TemporaryClientGrant(() -> settings(""), recorded).on(new SessionEvent.LoginSucceeded(CLIENT, "alice@example.com", "ref"));

        assertEquals(List.of("198.51.100.7 for PT30M within 10000"), recorded.grants);
    }

    @Test
    void aBadValueRefusesTheDocumentNamingTheField() {
        var parsed = ClusterSettings.parse("temporary-blocking:\n  unblocking-time: soon\n  unblockable-addresses-limit: -1\n");

        assertEquals(2, parsed.errors().size(), parsed.errors()::toString);
        assertTrue(parsed.errors().get(0).toString().contains("temporary-blocking.unblocking-time"), parsed.errors()::toString);
        assertTrue(parsed.errors().get(1).toString().contains("temporary-blocking.unblockable-addresses-limit"),
                parsed.errors()::toString);
    }

    private static EffectiveSettings settings(String clusterDocument) {
        return EffectiveSettings.build(ServerSettings.defaults(new HostFacts("mx.example.com")),
                ClusterSettings.parse(clusterDocument).value(), 1);
    }
}
