package dev.moat.policy;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives a client address its status, once per session (the SMTP gate, before the greeting)
 * and on demand (the Test Address answer). The order is the one of {@code spec/NOTES.md}
 * "Address status"; the first that applies wins, and the reason names the list, the layer and
 * the line. The address lists of a snapshot, the Temporarily Blocked addresses and the
 * Temporary Clients answer at once; an address in none of them is a Stranger unless the
 * lookups that answer later say otherwise: its reverse name and the RBLs, started together
 * ("start DNS early, read it late") and joined within a deadline, past which the Stranger
 * status stands. Client and White Hole addresses skip all reverse-name and RBL work. Steps
 * still to come (the DNS-name lists) are named where they go. Thread-safe; it never blocks.
 */
public final class AddressClassifier {
    private static final Reason UNLISTED = new Reason.Unlisted();
    private static final Reason TEMPORARY_CLIENT = new Reason.TemporaryClient();
    private static final Classification STRANGER = stranger(AddressPrefix.NONE, false);
    private static final Classification LOCAL_STRANGER = stranger(AddressPrefix.LOCAL, false);

    private final AddressSet localAddresses;
    private final TemporaryClients temporaryClients;
    private final TemporaryBlocks temporaryBlocks;
    private final ReverseNames reverseNames;
    private final RblAnswers rbl;

    /** {@code localAddresses}: this node's own addresses, which get the Local prefix. Nothing else is asked. */
    public AddressClassifier(AddressSet localAddresses) {
        this(localAddresses, TemporaryClients.NONE, TemporaryBlocks.NONE, ReverseNames.NONE, RblAnswers.NONE);
    }

    /** As above, with the cluster's Temporary Clients (users with Relay who logged in lately). */
    public AddressClassifier(AddressSet localAddresses, TemporaryClients temporaryClients) {
        this(localAddresses, temporaryClients, TemporaryBlocks.NONE, ReverseNames.NONE, RblAnswers.NONE);
    }

    public AddressClassifier(AddressSet localAddresses, TemporaryClients temporaryClients,
            TemporaryBlocks temporaryBlocks, ReverseNames reverseNames, RblAnswers rbl) {
        this.localAddresses = Objects.requireNonNull(localAddresses, "localAddresses");
        this.temporaryClients = Objects.requireNonNull(temporaryClients, "temporaryClients");
        this.temporaryBlocks = Objects.requireNonNull(temporaryBlocks, "temporaryBlocks");
        this.reverseNames = Objects.requireNonNull(reverseNames, "reverseNames");
        this.rbl = Objects.requireNonNull(rbl, "rbl");
    }

    /**
     * The status of {@code address}: at once when the lists decide, else when the lookups
     * answer, and at the latest after {@code deadline} on {@code scheduler} (then a Stranger
     * whose reason says the lookups did not answer). Never completes exceptionally.
     */
    public CompletionStage<Classification> classify(IpAddress address, StatusLists lists, Duration deadline,
            ScheduledExecutorService scheduler) {
        Classification known = byLists(address, lists);
        if (known.status() != AddressStatus.STRANGER) {
            return CompletableFuture.completedFuture(known);
        }
        // The reverse name is looked up only when a DNS-name list would read it.
        boolean names = !lists.names(NameListKind.CLIENT).isEmpty() || !lists.names(NameListKind.WHITE_HOLE).isEmpty()
                || !lists.names(NameListKind.BLACKLISTED).isEmpty();
        CompletionStage<Optional<ReverseName>> reverse = names ? reverseNames.lookup(address)
                : CompletableFuture.completedFuture(Optional.empty());
        CompletableFuture<Classification> looked = reverse.toCompletableFuture()
                .thenCombine(rbl.firstListing(address), (name, listing) -> withLookups(known, lists, name, listing))
                .exceptionally(failure -> known);
        if (looked.isDone()) {
            return looked;
        }
        var late = new Classification(AddressStatus.STRANGER, new Reason.LookupsUnanswered(deadline), known.prefix(),
                known.debug(), Optional.empty());
        var timer = scheduler.schedule(() -> looked.complete(late), deadline.toNanos(), TimeUnit.NANOSECONDS);
        looked.whenComplete((result, failure) -> timer.cancel(false));
        return looked;
    }

    /** What the address lists, the Temporarily Blocked addresses and the Temporary Clients say, at once. */
    public Classification byLists(IpAddress address, StatusLists lists) {
        if (!lists.listedAnywhere().contains(address) && !temporaryClients.contains(address)) {
            Optional<String> blocked = temporaryBlocks.blocked(address);
            if (blocked.isEmpty() && !temporaryBlocks.debugged(address)) {
                return localAddresses.contains(address) ? LOCAL_STRANGER : STRANGER;
            }
        }
        AddressPrefix prefix = localAddresses.contains(address) ? AddressPrefix.LOCAL
                : lists.list(AddressListKind.LAN).contains(address) ? AddressPrefix.LAN
                : AddressPrefix.NONE;
        boolean debug = lists.list(AddressListKind.DEBUG).contains(address) || temporaryBlocks.debugged(address);
        return status(address, lists, prefix, debug);
    }

    private Classification status(IpAddress address, StatusLists lists, AddressPrefix prefix, boolean debug) {
        Optional<Listing> listing = lists.list(AddressListKind.DENIED).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.DENIED, listing.get(), prefix, debug);
        }
        Optional<String> blocked = temporaryBlocks.blocked(address);
        if (blocked.isPresent()) {
            return new Classification(AddressStatus.TEMPORARILY_BLOCKED, new Reason.TemporarilyBlocked(blocked.get()),
                    prefix, debug, Optional.empty());
        }
        listing = lists.list(AddressListKind.CLIENT).match(address);
        if (listing.isPresent()) {
            return listed(AddressStatus.CLIENT, listing.get(), prefix, debug);
        }
        // Client by DNS name: with the lookups, below (a Stranger by the lists only).
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
        return stranger(prefix, debug);
    }

    /**
     * A Stranger by the lists, with what the lookups found, in the order of NOTES: Client by
     * DNS name (a verified name only), White Hole by DNS name (verified only; after the
     * explicit Blacklisted list, which no name can unlist), an allow-list zone, Blacklisted by
     * DNS name (any name, verified or not, and the failure texts), then the first RBL.
     */
    private static Classification withLookups(Classification known, StatusLists lists, Optional<ReverseName> name,
            Optional<RblAnswers.Listed> listing) {
        Optional<String> shown = name.map(ReverseName::text);
        if (name.isPresent()) {
            String text = name.get().text();
            if (name.get().verified()) {
                Optional<Listing> client = lists.names(NameListKind.CLIENT).match(text);
                if (client.isPresent()) {
                    return new Classification(AddressStatus.CLIENT, new Reason.NameListed(client.get(), text),
                            known.prefix(), known.debug(), shown);
                }
                Optional<Listing> whiteHole = lists.names(NameListKind.WHITE_HOLE).match(text);
                if (whiteHole.isPresent()) {
                    return new Classification(AddressStatus.WHITE_HOLE, new Reason.NameListed(whiteHole.get(), text),
                            known.prefix(), known.debug(), shown);
                }
            }
            if (listing.isPresent() && listing.get().allowList()) {
                return new Classification(AddressStatus.WHITE_HOLE, new Reason.RblListed(listing.get()), known.prefix(),
                        known.debug(), shown);
            }
            Optional<Listing> blacklisted = lists.names(NameListKind.BLACKLISTED).match(text);
            if (blacklisted.isPresent()) {
                return new Classification(AddressStatus.BLACKLISTED, new Reason.NameListed(blacklisted.get(), text),
                        known.prefix(), known.debug(), shown);
            }
        }
        if (listing.isPresent()) {
            AddressStatus status = listing.get().allowList() ? AddressStatus.WHITE_HOLE : AddressStatus.BLACKLISTED;
            return new Classification(status, new Reason.RblListed(listing.get()), known.prefix(), known.debug(), shown);
        }
        return shown.isEmpty() ? known
                : new Classification(known.status(), known.reason(), known.prefix(), known.debug(), shown);
    }

    private static Classification stranger(AddressPrefix prefix, boolean debug) {
        return new Classification(AddressStatus.STRANGER, UNLISTED, prefix, debug, Optional.empty());
    }

    private static Classification listed(AddressStatus status, Listing listing, AddressPrefix prefix, boolean debug) {
        return new Classification(status, new Reason.Listed(listing), prefix, debug, Optional.empty());
    }
}
