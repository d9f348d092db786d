package dev.moat.blocking;

import java.util.Locale;

/**
 * The three temporary lists the cluster shares (chapter: "Temporarily Blocked Addresses"):
 * blocked addresses, refused at connection time; temporarily unblockable ones, never blocked;
 * and the temporary debug list, whose sessions are logged like those of the Debug list.
 */
public enum TemporaryList {
    BLOCKED("Temporarily Blocked"),
    UNBLOCKABLE("Temporarily UnBlockable"),
    DEBUG("Temporary Debug");

    private final String title;

    TemporaryList(String title) {
        this.title = title;
    }

    /** The chapter's name of the list. */
    public String title() {
        return title;
    }

    /** The list's name in the admin API paths, the CLI and meter tags: {@code blocked}, {@code unblockable}, {@code debug}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
