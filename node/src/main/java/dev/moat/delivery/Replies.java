package dev.moat.delivery;

import dev.moat.smtp.Reply;

/** The replies delivery makes up itself, in one place, and the checks on addresses they need. */
final class Replies {

    static final Reply NO_VALID_RECIPIENTS = Reply.permanent(554, "5.5.1", "No valid recipients");
    static final Reply BAD_SEQUENCE = Reply.permanent(503, "5.5.1", "Transaction already ended");
    static final Reply BAD_RECIPIENT = Reply.permanent(501, "5.1.3", "Bad recipient address syntax");
    static final Reply SHUTTING_DOWN =
            Reply.temporary(451, "4.3.2", "Delivery is shutting down, try again later");
    static final Reply SPOOL_FAILED =
            Reply.temporary(451, "4.3.0", "Could not queue the message, try again later");
    static final Reply INTERNAL_ERROR =
            Reply.temporary(451, "4.3.0", "Internal error while delivering, try again later");

    private static final int BRIEF_LENGTH = 120;

    private Replies() {
    }

    static Reply recipientAccepted() {
        return Reply.ok(250, "2.1.5", "Recipient OK");
    }

    static Reply queued(String name) {
        return Reply.ok(250, "2.0.0", "Queued as " + name);
    }

    /** The next hop failed us: refused, timed out, closed, said 421 or made no sense. */
    static Reply unreachable(String hostAndPort, String reason) {
        return Reply.temporary(451, "4.4.1", "Next hop " + hostAndPort + " unreachable: " + reason);
    }

    /** The first line of a reply, shortened, to quote inside another reply. */
    static String brief(Reply reply) {
        var first = reply.lines().get(0);
        return first.length() <= BRIEF_LENGTH ? first : first.substring(0, BRIEF_LENGTH) + "...";
    }

    static boolean hasControlCharacter(String path) {
        return path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
