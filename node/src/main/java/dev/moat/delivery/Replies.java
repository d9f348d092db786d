package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * The replies delivery makes up itself, in one place, with the short reasons quoted in a
 * 451 4.4.1 and the check on addresses that guards the command lines.
 */
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

    static final Reply OTHER_NEXT_HOP = Reply.temporary(452, "4.5.3",
            "Recipient goes to another next hop, send it in a new transaction");

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

    /** Why a transaction cannot take this recipient (ended, or a control character), or null. */
    static Reply refusedRecipient(String forwardPath, boolean open) {
        if (hasControlCharacter(forwardPath)) {
            return BAD_RECIPIENT;
        }
        return open ? null : BAD_SEQUENCE;
    }

    static boolean hasControlCharacter(String path) {
        return path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A short reason, for {@link #unreachable}, from what went wrong on the way to the next hop. */
    static String reasonFor(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            return reasonFor(cause.getCause());
        }
        if (cause instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof ConnectException) {
            return connectFailure(cause.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof DecoderException) {
            return "malformed reply";
        }
        var message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /**
     * A failed connect in plain words, whichever transport said it: the JDK's "Connection
     * refused", or Netty's epoll "finishConnect(..) failed with error(-111)" (an errno, which
     * the sender should not have to look up).
     */
    static String connectFailure(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.contains("refused") || text.contains("error(-111)")) {
            return "connection refused";
        }
        if (text.contains("no route") || text.contains("error(-113)")) {
            return "no route to host";
        }
        if (text.contains("network is unreachable") || text.contains("error(-101)")) {
            return "network unreachable";
        }
        if (text.contains("timed out") || text.contains("error(-110)")) {
            return "connect timed out";
        }
        return "cannot connect";
    }

    static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
