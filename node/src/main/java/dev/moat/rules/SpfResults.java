package dev.moat.rules;

import dev.moat.policy.CheckContext;
import java.util.Set;

/**
 * Where a rule's {@code spf} condition reads the SPF result of the session's Return-Path (RFC
 * 7208 2.6: {@code none}, {@code neutral}, {@code pass}, {@code fail}, {@code softfail},
 * {@code temperror}, {@code permerror}). The SPF check is not in this build yet: {@link #NONE}
 * answers {@code none} for every message until it lands and implements this accessor.
 */
@FunctionalInterface
public interface SpfResults {
    /** The results a condition may name. */
    Set<String> RESULTS = Set.of("none", "neutral", "pass", "fail", "softfail", "temperror", "permerror");

    /** No SPF check ran: every message is {@code none}. */
    SpfResults NONE = context -> "none";

    /** The result for the session's current Return-Path, one of {@link #RESULTS}. */
    String result(CheckContext context);
}
