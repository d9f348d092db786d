package dev.moat.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The message text of one DATA, as it arrives: lines kept exactly as received (dot-stuffed,
 * each with its CRLF) until the size limit or a bad line (over 1000 octets, or holding a bare
 * CR or LF), after which the rest is counted but not kept, since the message will be refused.
 * Owns a buffer: {@link #take()} hands it over, {@link #release()} frees it.
 */
final class IncomingMessage {
    private final long limit;
    private final long startedNanos = System.nanoTime();
    private ByteBuf content;
    private long bytes;
    private boolean tooBig;
    private boolean badLine;

    IncomingMessage(ByteBufAllocator alloc, long limit) {
        this.limit = limit;
        this.content = alloc.buffer(4096);
    }

    /** Adds one line; answers true when it is the message's first bad line (one protocol error per message). */
    boolean add(SmtpLine line) {
        boolean firstBad = false;
        if (line.isTooLong() || line.hasBareLineEnding()) {
            firstBad = !badLine;
            badLine = true;
        }
        bytes += line.length() + 2;
        if (bytes > limit) {
            tooBig = true;
        }
        if (!tooBig && !badLine) {
            content.writeBytes(line.content(), line.content().readerIndex(), line.length());
            content.writeByte('\r').writeByte('\n');
        }
        return firstBad;
    }

    boolean tooBig() {
        return tooBig;
    }

    boolean badLine() {
        return badLine;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The text received; the caller owns it from now on. */
    ByteBuf take() {
        var taken = content;
        content = null;
        return taken;
    }

    void release() {
        if (content != null) {
            content.release();
            content = null;
        }
    }
}
