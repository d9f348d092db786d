package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DNS blacklists' answers for a client address (chapter: "Using DNS-based Blacklisting
 * (RBL)"), asked when the session starts: an allow-list's listing when one lists it, else the
 * first blacklist, in the configured order, that lists it, with the answer it gave. A list
 * that does not answer in time lists nothing. The stage never completes exceptionally.
 */
@FunctionalInterface
public interface RblAnswers {

    CompletionStage<Optional<Listed>> firstListing(IpAddress address);

    /**
     * A listing: the list's zone (the chapter's {@code ^0}), the answer it returned, its TXT
     * text (printable ASCII, empty without one), and whether the zone is an allow-list (a
     * listing there makes the address a White Hole for the connection).
     */
    record Listed(String zone, String answer, String text, boolean allowList) {
        public Listed {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(text, "text");
        }

        /** A blacklist's listing without TXT text. */
        public Listed(String zone, String answer) {
            this(zone, answer, "", false);
        }
    }

    /** No RBLs: nothing is ever listed. */
    RblAnswers NONE = address -> CompletableFuture.completedFuture(Optional.empty());
}
