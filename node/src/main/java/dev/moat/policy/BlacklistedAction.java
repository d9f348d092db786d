package dev.moat.policy;

/**
 * What happens to mail from a Blacklisted address (chapter: "Processing Messages from
 * Blacklisted Addresses"): every recipient refused, or the message accepted with a header.
 */
public enum BlacklistedAction {
    /** Every RCPT gets 550 5.7.1 (the chapter's "@blacklisted" suffix on every recipient). */
    REJECT,
    /** The message is accepted and gets {@code blacklisted-header}. */
    ADD_HEADER
}
