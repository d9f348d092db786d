package dev.moat.policy;

/**
 * The network address lists of the chapter, each with the settings key it has in both layers
 * and the chapter's name for it, which reasons and the Test Address answer show.
 */
public enum AddressListKind implements ListKind {
    CLIENT("client-addresses", "Client IP Addresses"),
    LAN("lan-addresses", "LAN IP Addresses"),
    DENIED("denied-addresses", "Denied IP Addresses"),
    BLACKLISTED("blacklisted-addresses", "Blacklisted IP Addresses"),
    WHITE_HOLE("white-hole-addresses", "UnBlacklistable (White Hole) IP Addresses"),
    DEBUG("debug-addresses", "Debug IP Addresses");

    private final String key;
    private final String title;

    AddressListKind(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The key in the server-wide file and in the cluster-wide document. */
    @Override
    public String key() {
        return key;
    }

    /** The chapter's name of the list. */
    @Override
    public String title() {
        return title;
    }
}
