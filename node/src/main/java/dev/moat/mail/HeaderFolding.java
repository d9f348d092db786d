package dev.moat.mail;

import java.util.function.Consumer;

/**
 * Puts the lines of a message header back together into fields (RFC 5322 2.2.3): a line that
 * starts with a space or a tab continues the field before it, and the field keeps that line
 * break (CRLF) and the folding white space, as the chapter's banned header lines compare it.
 * Each field is handed on when the next one starts, or at {@link #end()}. A continuation with
 * no field before it, or a line without a colon, is handed on as a field of its own, so no
 * line is ever lost.
 */
public final class HeaderFolding {
    private final Consumer<HeaderField> fields;
    private StringBuilder current;

    public HeaderFolding(Consumer<HeaderField> fields) {
        this.fields = fields;
    }

    /** One header line as received, without its CRLF and after SMTP dot-unstuffing. */
    public void line(String line) {
        boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
        if (continuation && current != null) {
            current.append("\r\n").append(line);
            return;
        }
        end();
        current = new StringBuilder(Math.max(64, line.length() + 16)).append(line);
    }

    /** The header is over (the empty line, or the end of the message): the last field is handed on. */
    public void end() {
        if (current != null) {
            fields.accept(HeaderField.of(current.toString()));
            current = null;
        }
    }
}
