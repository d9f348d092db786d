package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reverse name of a client address (chapter: "Blacklisting Domains by Name"), looked up
 * when the session starts and read when its status is decided. The answer is a value: the
 * name and whether it is verified, or the error text in parentheses when the lookup failed
 * ({@link ReverseName}); the stage never completes exceptionally. Empty when no lookup is made.
 */
@FunctionalInterface
public interface ReverseNames {

    CompletionStage<Optional<ReverseName>> lookup(IpAddress address);

    /** No lookups: every address has no reverse name (no DNS-name list asks for one). */
    ReverseNames NONE = address -> CompletableFuture.completedFuture(Optional.empty());
}
