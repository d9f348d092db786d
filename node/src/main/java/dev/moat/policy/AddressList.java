package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Optional;

/**
 * One compiled network address list of both layers, as the classifier reads it: whether it
 * holds an address, and which layer and line put it there. Immutable and thread-safe.
 */
public interface AddressList {

    boolean contains(IpAddress address);

    /** The listing of {@code address}, or empty when no layer lists it. */
    Optional<Listing> match(IpAddress address);
}
