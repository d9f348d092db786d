package dev.moat.settings;

import java.util.Objects;

/**
 * The chapter's "Processing Messages from Blacklisted Addresses", server-wide only (the
 * chapter's cluster setup extends the lists, not this choice): {@code blacklisted-action}
 * ({@code reject}, the default, or {@code add-header}) and {@code blacklisted-header}, the
 * field added in {@code add-header} mode (default {@value #DEFAULT_HEADER}).
 */
public record BlacklistedProcessing(BlacklistedAction action, HeaderTemplate header) {
    static final String DEFAULT_HEADER = "X-Blacklisted: ^0 ^1";

    public BlacklistedProcessing {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(header, "header");
    }

    static BlacklistedProcessing read(MappingReader r) {
        BlacklistedAction action = r.choice("blacklisted-action", BlacklistedAction.REJECT);
        HeaderTemplate.Result header = HeaderTemplate.parse(r.text("blacklisted-header", DEFAULT_HEADER).strip());
        if (header.template().isEmpty()) {
            r.error("blacklisted-header", header.error());
        }
        return new BlacklistedProcessing(action,
                header.template().orElseGet(() -> HeaderTemplate.parse(DEFAULT_HEADER).template().orElseThrow()));
    }
}
