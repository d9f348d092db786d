package dev.moat.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.nio.charset.StandardCharsets;

/**
 * One line as the client sent it, without its CRLF, with what the decoder noticed: a bare CR
 * or LF inside it, or that it was too long (then its content is empty: the line was thrown
 * away). The sequence number counts lines from the start of the connection, so a session can
 * drop lines that were pipelined behind STARTTLS. Reference counted: the receiver releases it.
 */
public final class SmtpLine extends AbstractReferenceCounted {
    private final ByteBuf content;
    private final boolean bareLineEnding;
    private final boolean tooLong;
    private final long sequence;

    SmtpLine(ByteBuf content, boolean bareLineEnding, boolean tooLong, long sequence) {
        this.content = content;
        this.bareLineEnding = bareLineEnding;
        this.tooLong = tooLong;
        this.sequence = sequence;
    }

    public ByteBuf content() {
        return content;
    }

    /** A CR not followed by LF, or an LF not preceded by CR, stood inside the line. */
    public boolean hasBareLineEnding() {
        return bareLineEnding;
    }

    public boolean isTooLong() {
        return tooLong;
    }

    public long sequence() {
        return sequence;
    }

    public int length() {
        return content.readableBytes();
    }

    /** The line as text, one char per octet, so no byte is lost or replaced. */
    public String text() {
        return content.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the line is exactly "." : the end of DATA. */
    public boolean isEndOfData() {
        return content.readableBytes() == 1 && content.getByte(content.readerIndex()) == '.' && !bareLineEnding;
    }

    @Override
    protected void deallocate() {
        content.release();
    }

    @Override
    public SmtpLine touch(Object hint) {
        content.touch(hint);
        return this;
    }
}
