package dev.moat.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Splits the byte stream into lines at CRLF and nowhere else (RFC 5321 section 2.3.8), so a
 * bare LF or bare CR can never end a line or the message: that closes the SMTP smuggling
 * hole. A line holding a bare CR or LF or a NUL octet is passed on flagged with its
 * {@link SmtpLine.Fault}; a line longer than the limit (1000 octets with its CRLF, section
 * 4.5.3.1.6) is thrown away up to its end and passed on as an empty line flagged too long, so
 * the session can answer it and go on. For a sender on {@code smtp.lenient-line-endings}
 * ({@link #readBareLineFeeds}) a bare LF ends a line too, as if it were CRLF; such lines are
 * flagged {@link SmtpLine#normalised()} and reported, and a lone dot next to one never ends
 * DATA. The decoder is the same for commands and message text: the session applies the
 * shorter command limit.
 */
public final class SmtpLineDecoder extends ByteToMessageDecoder {
    /** The longest text line RFC 5321 allows, CRLF included. */
    public static final int MAX_LINE = 1000;
    private static final ByteProcessor FAULTY_OCTET = b -> b != '\n' && b != '\r' && b != 0;

    private final int maxContent;
    private boolean discarding;
    private long sequence;
    private LenientLineEndings lenient;
    private boolean lastEndedBare;

    public SmtpLineDecoder() {
        this(MAX_LINE);
    }

    public SmtpLineDecoder(int maxLineWithCrlf) {
        this.maxContent = maxLineWithCrlf - 2;
    }

    /** From now on a bare LF ends a line as CRLF would; each such line is reported to {@code report}. */
    void readBareLineFeeds(LenientLineEndings report) {
        this.lenient = report;
    }

    /** The sequence number of the last line handed on. */
    public long lastSequence() {
        return sequence;
    }

    /** Throws away bytes received but not yet split into lines (at STARTTLS); returns how many. */
    public int discardBuffered() {
        ByteBuf buffered = internalBuffer();
        int n = buffered.readableBytes();
        buffered.skipBytes(n);
        discarding = false;
        return n;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int lf = findLineEnd(in);
            int end = lf < 0 ? -1 : lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (discarding) {
                if (lf < 0) {
                    // Keep a trailing CR: it may be the first half of the CRLF that ends the line.
                    int keep = in.getByte(in.writerIndex() - 1) == '\r' ? 1 : 0;
                    in.skipBytes(in.readableBytes() - keep);
                    return;
                }
                discarding = false;
                out.add(line(Unpooled.EMPTY_BUFFER, SmtpLine.Fault.TOO_LONG, end == lf));
                in.readerIndex(lf + 1);
                continue;
            }
            if (lf < 0) {
                if (in.readableBytes() > maxContent + 1) {
                    discarding = true;
                    continue;
                }
                return;
            }
            int length = end - in.readerIndex();
            if (length > maxContent) {
                in.readerIndex(lf + 1);
                out.add(line(Unpooled.EMPTY_BUFFER, SmtpLine.Fault.TOO_LONG, end == lf));
                continue;
            }
            ByteBuf content = in.readRetainedSlice(length);
            in.readerIndex(lf + 1);
            out.add(line(content, fault(content), end == lf));
        }
    }

    private SmtpLine line(ByteBuf content, SmtpLine.Fault fault, boolean endedBare) {
        boolean afterBare = lastEndedBare;
        lastEndedBare = endedBare;
        if (endedBare) {
            lenient.normalised();
        }
        return new SmtpLine(content, fault, endedBare, afterBare, ++sequence);
    }

    /** The first fault of a line's content, in the order of {@link SmtpLine.Fault}. */
    private static SmtpLine.Fault fault(ByteBuf content) {
        int at = content.forEachByte(FAULTY_OCTET);
        if (at < 0) {
            return SmtpLine.Fault.NONE;
        }
        int from = content.readerIndex();
        int to = content.writerIndex();
        if (content.indexOf(from, to, (byte) '\n') >= 0) {
            return SmtpLine.Fault.BARE_LF;
        }
        return content.indexOf(from, to, (byte) '\r') >= 0 ? SmtpLine.Fault.BARE_CR : SmtpLine.Fault.NUL;
    }

    /**
     * Index of the LF that ends the first line in the readable bytes, or -1: the LF of a CRLF,
     * or, for a lenient sender, any LF.
     */
    private int findLineEnd(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        while (from < to) {
            int lf = in.indexOf(from, to, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lenient != null || lf > in.readerIndex() && in.getByte(lf - 1) == '\r') {
                return lf;
            }
            from = lf + 1;
        }
        return -1;
    }
}
