package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DNS blacklists' answers for a client address (chapter: "Using DNS-based Blacklisting
 * (RBL)"), asked when the session starts: the first list, in the configured order, that lists
 * it, with the answer it gave. A list that does not answer in time lists nothing. The stage
 * never completes exceptionally.
 */
@FunctionalInterface
public interface RblAnswers {

    CompletionStage<Optional<Listed>> firstListing(IpAddress address);

    /** A listing: the list's zone (the chapter's {@code ^0}) and the answer it returned. */
    record Listed(String zone, String answer) {
        public Listed {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** No RBLs: nothing is ever listed. */
    RblAnswers NONE = address -> CompletableFuture.completedFuture(Optional.empty());
}
