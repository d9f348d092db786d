package dev.moat.policy;

import dev.moat.mail.HeaderField;
import java.nio.charset.StandardCharsets;

/**
 * A check that sees a message line by line while DATA streams in, so nothing is read twice
 * and no stored copy is searched (chapter: "Banning Mail by Header and Body Lines"). At the
 * 354 the session asks each line check for a {@link Watch} of the new message; the watch is
 * shown every header field (a wrapped field whole, its line breaks kept) and then every body
 * line, after SMTP dot-unstuffing. The first refusal of any watch is kept, no further line is
 * shown, and the message is refused with it at the end of DATA: the client must send the
 * whole message before any answer (RFC 5321 4.1.1.4). Called on the session's event loop:
 * a watch must answer at once and never block.
 */
public interface LineCheck {

    /** A short, stable name, as for {@link Check#name()}. */
    String name();

    /** The watch over the message that starts now, or null when this check has nothing to watch for it. */
    Watch start(CheckContext context);

    /** What one line check keeps for one message. */
    interface Watch {

        /** One whole header field. Answers {@link Verdict#pass()} to go on, or the refusal. */
        Verdict headerField(HeaderField field);

        /** One body line, without its CRLF. Answers {@link Verdict#pass()} to go on, or the refusal. */
        Verdict bodyLine(String line);

        /**
         * One body line as the session holds it: the {@code length} octets of {@code octets} from
         * {@code from}, valid only during the call. By default made the string of
         * {@link #bodyLine(String)} (one char per octet); a watch that reads octets overrides it
         * and no string is made.
         */
        default Verdict bodyLine(byte[] octets, int from, int length) {
            return bodyLine(new String(octets, from, length, StandardCharsets.ISO_8859_1));
        }
    }
}
