package dev.moat.content;

import java.util.Objects;

/** The two banned-line lists of one layer, server-wide or cluster-wide, each compiled. */
public record BannedLineLists(BannedLines header, BannedLines body) {
    public static final BannedLineLists EMPTY = new BannedLineLists(BannedLines.empty(BannedList.HEADER),
            BannedLines.empty(BannedList.BODY));

    public BannedLineLists {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }

    public BannedLineLists withHeader(BannedLines next) {
        return new BannedLineLists(next, body);
    }

    public BannedLineLists withBody(BannedLines next) {
        return new BannedLineLists(header, next);
    }

    public boolean isEmpty() {
        return header.isEmpty() && body.isEmpty();
    }

    /** {@code 3 header lines, 100000 body lines}, for the log. */
    public String summary() {
        return header.size() + " header lines, " + body.size() + " body lines";
    }
}
