package dev.moat.rules;

import dev.moat.policy.CheckContext;
import dev.moat.policy.SpfResult;
import java.util.Set;

/**
 * Where a rule's {@code spf} condition reads the SPF result of the session's Return-Path (RFC
 * 7208 2.6: {@code none}, {@code neutral}, {@code pass}, {@code fail}, {@code softfail},
 * {@code temperror}, {@code permerror}). {@link #CHECKED} reads what the SPF check found at
 * MAIL FROM ({@code none} where it did not run: off, a Client, an authenticated session);
 * {@link #NONE} answers {@code none} for every message (tests).
 */
@FunctionalInterface
public interface SpfResults {
    /** The results a condition may name. */
    Set<String> RESULTS = Set.of("none", "neutral", "pass", "fail", "softfail", "temperror", "permerror");

    /** No SPF check ran: every message is {@code none}. */
    SpfResults NONE = context -> "none";

    /** The SPF check's result of the transaction, {@code none} where it did not run. */
    SpfResults CHECKED = context -> context.spfResult().map(SpfResult::word).orElse("none");

    /** The result for the session's current Return-Path, one of {@link #RESULTS}. */
    String result(CheckContext context);
}
