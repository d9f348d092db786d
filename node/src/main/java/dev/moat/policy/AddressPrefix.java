package dev.moat.policy;

/**
 * The prefix of the Test Address line (chapter: "Checking Network Address Status"): Local for
 * an address of this node itself, LAN for one in the LAN IP Addresses list, else none. Local
 * wins when both apply.
 */
public enum AddressPrefix {
    NONE(""),
    LOCAL("Local"),
    LAN("LAN");

    private final String label;

    AddressPrefix(String label) {
        this.label = label;
    }

    /** {@code Local}, {@code LAN}, or empty. */
    public String label() {
        return label;
    }
}
