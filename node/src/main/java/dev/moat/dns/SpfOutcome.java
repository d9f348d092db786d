package dev.moat.dns;

import dev.moat.policy.SpfResult;
import java.util.Optional;

/**
 * What an SPF evaluation found: the result, the domain whose record decided it, the term that
 * matched ({@code default} when none did), the explanation of a fail (the record's {@code exp=}
 * text, expanded; empty without one) and, for the errors, what went wrong in words an
 * administrator reads.
 */
public record SpfOutcome(SpfResult result, String domain, String mechanism, Optional<String> explanation,
        String problem) {

    static SpfOutcome of(SpfResult result, String domain, String mechanism) {
        return new SpfOutcome(result, domain, mechanism, Optional.empty(), "");
    }

    static SpfOutcome error(SpfResult result, String domain, String problem) {
        return new SpfOutcome(result, domain, "", Optional.empty(), problem);
    }

    SpfOutcome explained(String text) {
        return new SpfOutcome(result, domain, mechanism, Optional.ofNullable(text), problem);
    }
}
