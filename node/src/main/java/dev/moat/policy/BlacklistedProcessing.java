package dev.moat.policy;

import java.util.Objects;

/**
 * The chapter's "Processing Messages from Blacklisted Addresses", server-wide only (the
 * chapter's cluster setup extends the lists, not this choice): {@code blacklisted-action}
 * ({@code reject}, the default, or {@code add-header}) and {@code blacklisted-header}, the
 * field added in {@code add-header} mode (default {@value #DEFAULT_HEADER}).
 */
public record BlacklistedProcessing(BlacklistedAction action, HeaderTemplate header) {
    public static final String DEFAULT_HEADER = "X-Blacklisted: ^0 ^1";

    public BlacklistedProcessing {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(header, "header");
    }

    /** Reject mode with the default header. */
    public static BlacklistedProcessing defaults() {
        return new BlacklistedProcessing(BlacklistedAction.REJECT, HeaderTemplate.parse(DEFAULT_HEADER).template().orElseThrow());
    }
}
