package dev.moat.policy;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The text of a message that has fully arrived, as the client sent it after SMTP dot-unstuffing
 * (each line with its CRLF, without the final dot), for a check that hands it to someone else
 * (a rule's external program). It is the one copy the session keeps, not a second one: it stays
 * readable until closed, even when the session ends meanwhile. Close it exactly once.
 */
public interface MessageText extends AutoCloseable {

    /** Writes the whole text to {@code out}; may be called from any thread, and blocks as {@code out} does. */
    void writeTo(OutputStream out) throws IOException;

    @Override
    void close();
}
