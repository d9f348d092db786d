package dev.moat.policy;

/**
 * The status of a client address, in the order of the chapter's "Checking Network Address
 * Status" as settled by the notes: the first that applies wins. Computed once per session by
 * the {@link AddressClassifier}.
 */
public enum AddressStatus {
    DENIED("Denied"),
    TEMPORARILY_BLOCKED("Temporarily Blocked"),
    CLIENT("Client"),
    TEMPORARY_CLIENT("Temporary Client"),
    WHITE_HOLE("White Hole"),
    BLACKLISTED("Blacklisted"),
    STRANGER("Stranger");

    private final String label;

    AddressStatus(String label) {
        this.label = label;
    }

    /** The chapter's word for the status, as the Test Address line shows it. */
    public String label() {
        return label;
    }

    /** Client and Temporary Client may relay and skip the DNS-based checks. */
    public boolean isClient() {
        return this == CLIENT || this == TEMPORARY_CLIENT;
    }
}
