package dev.moat.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What Reverse Connect remembers about a Return-Path address: whether its own mail server
 * accepted it ({@code true}) or refused it with a 5xx ({@code false}), for a lifetime of its
 * own. Shared by the cluster, so that one callout serves every node. Neither method blocks:
 * {@link #get} answers later (the entry may live on another member), {@link #put} does not wait.
 */
public interface CalloutCache {

    /** What is remembered about {@code address}, or empty when nothing (or it expired). Never fails. */
    CompletionStage<Optional<Boolean>> get(String address);

    /** Remembers the result for {@code lifetime}. */
    void put(String address, boolean accepted, Duration lifetime);
}
