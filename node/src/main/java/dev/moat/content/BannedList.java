package dev.moat.content;

/**
 * The two lists of the chapter's "Banning Mail by Header and Body Lines": Banned Header Lines,
 * compared with each whole header field (a wrapped field with its line breaks), and Banned Body
 * Lines, compared with each body line. {@link #tag()} is the bounded metric tag.
 */
public enum BannedList {
    HEADER("header", "Banned Header Lines"),
    BODY("body", "Banned Body Lines");

    private final String tag;
    private final String title;

    BannedList(String tag, String title) {
        this.tag = tag;
        this.title = title;
    }

    /** {@code header} or {@code body}: the {@code list} tag of {@code moat.banned.lines.matched}. */
    public String tag() {
        return tag;
    }

    /** The chapter's name of the list. */
    public String title() {
        return title;
    }
}
