package dev.moat.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into lines at CRLF and nowhere else (RFC 5321 section 2.3.8), so a
 * bare LF or bare CR can never end a line or the message: that closes the SMTP smuggling
 * hole. A line holding a bare CR or LF is passed on flagged; a line longer than the limit
 * (1000 octets with its CRLF, section 4.5.3.1.6) is thrown away up to its CRLF and passed on
 * as an empty line flagged too long, so the session can answer it and go on. The decoder is
 * the same for commands and message text: the session applies the shorter command limit.
 */
public final class SmtpLineDecoder extends ByteToMessageDecoder {
    /** The longest text line RFC 5321 allows, CRLF included. */
    public static final int MAX_LINE = 1000;

    private final int maxContent;
    private boolean discarding;
    private long sequence;

    public SmtpLineDecoder() {
        this(MAX_LINE);
    }

    public SmtpLineDecoder(int maxLineWithCrlf) {
        this.maxContent = maxLineWithCrlf - 2;
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
            int cr = findCrlf(in);
            if (discarding) {
                if (cr < 0) {
                    // Keep a trailing CR: it may be the first half of the CRLF that ends the line.
                    int keep = in.getByte(in.writerIndex() - 1) == '\r' ? 1 : 0;
                    in.skipBytes(in.readableBytes() - keep);
                    return;
                }
                in.readerIndex(cr + 2);
                discarding = false;
                out.add(new SmtpLine(Unpooled.EMPTY_BUFFER, false, true, ++sequence));
                continue;
            }
            if (cr < 0) {
                if (in.readableBytes() > maxContent + 1) {
                    discarding = true;
                    continue;
                }
                return;
            }
            int length = cr - in.readerIndex();
            if (length > maxContent) {
                in.readerIndex(cr + 2);
                out.add(new SmtpLine(Unpooled.EMPTY_BUFFER, false, true, ++sequence));
                continue;
            }
            ByteBuf content = in.readRetainedSlice(length);
            in.skipBytes(2);
            boolean bare = content.indexOf(content.readerIndex(), content.writerIndex(), (byte) '\n') >= 0
                    || content.indexOf(content.readerIndex(), content.writerIndex(), (byte) '\r') >= 0;
            out.add(new SmtpLine(content, bare, false, ++sequence));
        }
    }

    /** Index of the CR of the first CRLF in the readable bytes, or -1. */
    private static int findCrlf(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        while (from < to) {
            int lf = in.indexOf(from, to, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf > in.readerIndex() && in.getByte(lf - 1) == '\r') {
                return lf - 1;
            }
            from = lf + 1;
        }
        return -1;
    }
}
