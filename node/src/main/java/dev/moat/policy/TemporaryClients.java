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

    /**
     * Makes {@code address} a Temporary Client for {@code time}, unless it is none yet and the
     * list already holds {@code limit} addresses: then nothing changes and the answer is false.
     */
    boolean add(IpAddress address, Duration time, int limit);

    /** How many addresses are Temporary Clients now. */
    int size();

    /** No Temporary Clients at all (tests, tools). */
    TemporaryClients NONE = new TemporaryClients() {
        @Override
        public boolean contains(IpAddress address) {
            return false;
        }

        @Override
        public boolean add(IpAddress address, Duration time, int limit) {
            return false;
        }

        @Override
        public int size() {
            return 0;
        }
    };
}
