package dev.moat.policy;

import dev.moat.mail.HeaderField;
import java.util.List;
import java.util.Optional;

/**
 * What the checks at the end of DATA see of the message: its header fields as received
 * (wrapped fields whole, in order) and its size. The body is seen line by line as it streams,
 * by {@link LineCheck}s; only a check that hands the message on reads its {@link #text()}.
 */
public interface MessageFacts {

    /** The header fields, in the order received; none when the message has no header. */
    List<HeaderField> headerFields();

    /** Octets received, after SMTP dot-unstuffing, each line with its CRLF. */
    long size();

    /**
     * The whole text, for a check that must hand it on (a rule's external program): held until
     * the caller closes it; empty where the text is not kept.
     */
    default Optional<MessageText> text() {
        return Optional.empty();
    }

    /** The first field with this name (case does not matter). */
    default Optional<HeaderField> field(String name) {
        for (HeaderField field : headerFields()) {
            if (field.named(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
