package dev.moat.smtp;

import dev.moat.policy.MessageText;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The message text an {@link IncomingMessage} keeps, lent to a check that hands it on: a
 * retained view of the same buffer (no copy), so it stays readable if the session ends while
 * a program reads it, written out line by line without the dot the client stuffed in front of
 * lines that start with one. Released once, when closed.
 */
final class KeptText implements MessageText {
    private final ByteBuf text;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code text} is retained for this view; the caller keeps its own reference. */
    KeptText(ByteBuf text) {
        this.text = text;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        int end = text.writerIndex();
        int at = text.readerIndex();
        while (at < end) {
            int eol = text.indexOf(at, end, (byte) '\n');
            int next = eol < 0 ? end : eol + 1;
            int from = text.getByte(at) == '.' ? at + 1 : at;
            text.getBytes(from, out, next - from);
            at = next;
        }
        out.flush();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            text.release();
        }
    }
}
