package dev.moat.policy;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives a client address its status, once per session (the SMTP gate) and on demand (the
 * Test Address answer), from the compiled lists of a settings snapshot and this node's own addresses alone: it
 * never blocks and never leaves the JVM. The order is the one of {@code spec/NOTES.md}
 * "Address status"; the first that applies wins, and the reason names the list, the layer and
 * the line. Steps still to come are named where they go in {@link #status}. It also finds the
 * Local or LAN prefix and whether the address is on the Debug list. Thread-safe.
 */
public final class AddressClassifier {
    private static final Reason UNLISTED = new Reason.Unlisted();
    private static final Reason TEMPORARY_CLIENT = new Reason.TemporaryClient();
    private static final Classification STRANGER = stranger(AddressPrefix.NONE, false);
    private static final Classification LOCAL_STRANGER = stranger(AddressPrefix.LOCAL, false);

    private final AddressSet localAddresses;
    private final TemporaryClients temporaryClients;

    /** {@code localAddresses}: this node's own addresses, which get the Local prefix. */
    public AddressClassifier(AddressSet localAddresses) {
        this(localAddresses, TemporaryClients.NONE);
    }

    /** As above, with the cluster's Temporary Clients (users with Relay who logged in lately). */
    public AddressClassifier(AddressSet localAddresses, TemporaryClients temporaryClients) {
        this.localAddresses = Objects.requireNonNull(localAddresses, "localAddresses");
        this.temporaryClients = Objects.requireNonNull(temporaryClients, "temporaryClients");
    }

    public Classification classify(IpAddress address, StatusLists lists) {
        if (!lists.listedAnywhere().contains(address) && !temporaryClients.contains(address)) {
            return localAddresses.contains(address) ? LOCAL_STRANGER : STRANGER;
        }
        AddressPrefix prefix = localAddresses.contains(address) ? AddressPrefix.LOCAL
                : lists.list(AddressListKind.LAN).contains(address) ? AddressPrefix.LAN
                : AddressPrefix.NONE;
        boolean debug = lists.list(AddressListKind.DEBUG).contains(address);
        return status(address, lists, prefix, debug);
    }

    private Classification status(IpAddress address, StatusLists lists, AddressPrefix prefix,
            boolean debug) {
        Optional<Listing> listing = lists.list(AddressListKind.DENIED).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.DENIED, listing.get(), prefix, debug);
        }
        // Temporarily Blocked: the cluster's shared temporary list.            (to come with blocking)
        listing = lists.list(AddressListKind.CLIENT).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.CLIENT, listing.get(), prefix, debug);
        }
        // Client by DNS name.                                                  (to come with PTR lookups)
        if (temporaryClients.contains(address)) {
            return new Classification(AddressStatus.TEMPORARY_CLIENT, TEMPORARY_CLIENT, prefix, debug, Optional.empty());
        }
        listing = lists.list(AddressListKind.WHITE_HOLE).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.WHITE_HOLE, listing.get(), prefix, debug);
        }
        listing = lists.list(AddressListKind.BLACKLISTED).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.BLACKLISTED, listing.get(), prefix, debug);
        }
        // White Hole by DNS name: after the explicit Blacklisted list, which no name can unlist. (to come)
        // Blacklisted by DNS name, then each RBL, the server's own before the cluster's. (to come)
        return stranger(prefix, debug);
    }

    private static Classification stranger(AddressPrefix prefix, boolean debug) {
        return new Classification(AddressStatus.STRANGER, UNLISTED, prefix, debug, Optional.empty());
    }

    private static Classification listed(AddressStatus status, Listing listing, AddressPrefix prefix, boolean debug) {
        return new Classification(status, new Reason.Listed(listing), prefix, debug, Optional.empty());
    }
}
