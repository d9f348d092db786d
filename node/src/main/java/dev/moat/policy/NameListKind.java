package dev.moat.policy;

/** The DNS-name lists of the chapter, each with its key in both layers and the chapter's name. */
public enum NameListKind implements ListKind {
    CLIENT("client-dns-names", "Client by DNS Name"),
    BLACKLISTED("blacklisted-dns-names", "Blacklist by DNS Name"),
    WHITE_HOLE("white-hole-dns-names", "White Holes by DNS Name");

    private final String key;
    private final String title;

    NameListKind(String key, String title) {
        this.key = key;
        this.title = title;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String title() {
        return title;
    }
}
