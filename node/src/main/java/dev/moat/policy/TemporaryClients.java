package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.time.Duration;

/**
 * The Temporary Clients of the chapter: addresses from which a user whose Relay service is
 * enabled authenticated within the unblocking time; they are treated as Client addresses.
 * Shared by the cluster; {@link #contains} answers from a local replica and never blocks,
 * {@link #add} never waits for the cluster.
 */
public interface TemporaryClients {

    boolean contains(IpAddress address);

    void add(IpAddress address, Duration time);

    /** No Temporary Clients at all (tests, tools). */
    TemporaryClients NONE = new TemporaryClients() {
        @Override
        public boolean contains(IpAddress address) {
            return false;
        }

        @Override
        public void add(IpAddress address, Duration time) {
        }
    };
}
