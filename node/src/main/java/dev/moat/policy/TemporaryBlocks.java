package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Optional;

/**
 * The cluster's Temporarily Blocked Addresses, as the classifier asks about them for every
 * connection (chapter: "Temporarily Blocked Addresses"): answered at once from a local replica,
 * never by waiting for the cluster, and with a value, never an exception.
 */
public interface TemporaryBlocks {

    /** Why {@code address} is blocked now, or empty when it is not. */
    Optional<String> blocked(IpAddress address);

    /** Whether {@code address} is on the temporary debug list: its sessions are logged like the Debug list's. */
    default boolean debugged(IpAddress address) {
        return false;
    }

    /** Nothing is ever blocked (tests, tools, until temporary blocking is switched on). */
    TemporaryBlocks NONE = address -> Optional.empty();
}
