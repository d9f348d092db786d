package dev.moat.smtp;

import dev.moat.policy.ProtocolError;
import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.nio.charset.StandardCharsets;

/**
 * One line as the client sent it, without its line ending, with what the decoder noticed: its
 * {@link Fault} (a bare LF, a bare CR or a NUL octet inside it, or that it was too long, when
 * its content is empty: the line was thrown away), and, for a sender whose bare LF is read as
 * CRLF, whether it ended at a bare LF ({@link #normalised()}) or the line before it did. Only a
 * lone dot received as CRLF "." CRLF ends DATA. The sequence number counts lines from the start
 * of the connection, so a session can drop lines that were pipelined behind STARTTLS.
 * Reference counted: the receiver releases it.
 */
public final class SmtpLine extends AbstractReferenceCounted {

    /** What is wrong with a line, the first found in this order; each is a protocol error. */
    public enum Fault {
        NONE("", null),
        TOO_LONG("a line over 1000 octets", ProtocolError.LINE_TOO_LONG),
        BARE_LF("a bare LF (a line feed without a carriage return before it): lines end with CRLF",
                ProtocolError.BARE_LINE_ENDING),
        BARE_CR("a bare CR (a carriage return without a line feed after it): lines end with CRLF",
                ProtocolError.BARE_LINE_ENDING),
        NUL("a NUL octet, which mail may not hold (RFC 5322, RFC 6152)", ProtocolError.NUL_OCTET);

        private final String described;
        private final ProtocolError error;

        Fault(String described, ProtocolError error) {
            this.described = described;
            this.error = error;
        }

        /** The protocol error a line with this fault is counted as. */
        public ProtocolError error() {
            return error;
        }

        /** The problem in words, for the sender's refusal. */
        public String described() {
            return described;
        }
    }

    private final ByteBuf content;
    private final Fault fault;
    private final boolean normalised;
    private final boolean afterNormalised;
    private final long sequence;

    SmtpLine(ByteBuf content, Fault fault, boolean normalised, boolean afterNormalised, long sequence) {
        this.content = content;
        this.fault = fault;
        this.normalised = normalised;
        this.afterNormalised = afterNormalised;
        this.sequence = sequence;
    }

    public ByteBuf content() {
        return content;
    }

    public Fault fault() {
        return fault;
    }

    /** A bare CR, bare LF or NUL stood inside the line, or it was too long. */
    public boolean isFaulty() {
        return fault != Fault.NONE;
    }

    public boolean isTooLong() {
        return fault == Fault.TOO_LONG;
    }

    /** The line ended at a bare LF that was read as CRLF (a lenient sender only). */
    public boolean normalised() {
        return normalised;
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

    /** Exactly "." and nothing wrong with it. */
    public boolean isLoneDot() {
        return content.readableBytes() == 1 && content.getByte(content.readerIndex()) == '.' && fault == Fault.NONE;
    }

    /**
     * Whether the line ends DATA: a lone dot received as CRLF "." CRLF. A lone dot next to a
     * bare LF that was read as CRLF does not: it is message text, which is handed on
     * dot-stuffed, so the next hop never sees an end where Moat saw none.
     */
    public boolean isEndOfData() {
        return isLoneDot() && !normalised && !afterNormalised;
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
