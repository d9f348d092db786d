package dev.moat.smtp;

import dev.moat.mail.HeaderEdits;
import dev.moat.mail.HeaderField;
import dev.moat.mail.HeaderFolding;
import dev.moat.policy.LineCheck;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.MessageText;
import dev.moat.policy.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The message text of one DATA, as it arrives: lines kept exactly as received (dot-stuffed,
 * each with its CRLF) until the size limit or a bad line (over 1000 octets, or holding a bare
 * CR or LF, or a NUL octet), after which the rest is counted but not kept, since the message
 * will be refused. A lone dot that did not end the data (a lenient sender's, next to a bare LF
 * read as CRLF) is kept as ".." so that the next hop reads it as text too.
 * It knows where the header ends (the first empty line) and the body begins. Each header
 * field, put back together when wrapped, and then each body line, dot-unstuffed, is shown to
 * the watches of the line checks as it streams (a body line as octets, not a string); the first
 * refusal is kept for the end of DATA and no line is shown after it. Without watches no line
 * becomes a string. The header fields the end-of-DATA checks read are read from the kept text
 * when first asked for, without the fields the hand-off will take out. Owns a buffer:
 * {@link #take()} hands it over, {@link #release()} frees it.
 */
final class IncomingMessage implements MessageFacts {
    private static final ByteBuf STUFFED_DOT =
            Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {'.', '.'}).asReadOnly());
    private final long limit;
    private final long startedNanos = System.nanoTime();
    private final List<LineCheck.Watch> watches;
    private final HeaderFolding folding;
    private final HeaderEdits withheld;
    private ByteBuf content;
    private long bytes;
    private long stuffing;
    private int headerEnd = -1;
    private boolean tooBig;
    private SmtpLine.Fault fault;
    private Verdict refusal;
    private List<HeaderField> fields;
    private byte[] octets = new byte[0];

    /**
     * {@code withheld} names the fields the next hop will not get ({@link HeaderEdits#removeClaims}:
     * a sender's {@code Authentication-Results:} in this node's name); the end-of-DATA checks and a
     * rule's program do not see them either, so nothing judges the message by a claim it forged.
     */
    IncomingMessage(ByteBufAllocator alloc, long limit, List<LineCheck.Watch> watches, HeaderEdits withheld) {
        this.limit = limit;
        this.watches = watches;
        this.withheld = withheld;
        this.folding = watches.isEmpty() ? null : new HeaderFolding(this::offer);
        this.content = alloc.buffer(4096);
    }

    /** Adds one line; answers true when it is the message's first bad line (one protocol error per message). */
    boolean add(SmtpLine line) {
        boolean firstBad = false;
        if (line.isFaulty() && fault == null) {
            firstBad = true;
            fault = line.fault();
        }
        // A lone dot that did not end the data (next to a lenient sender's bare LF) is text:
        // kept dot-stuffed, so the next hop never reads it as the end.
        ByteBuf text = line.isLoneDot() ? STUFFED_DOT.duplicate() : line.content();
        int length = text.readableBytes();
        boolean stuffed = length > 0 && text.getByte(text.readerIndex()) == '.';
        if (stuffed) {
            stuffing++;
        }
        bytes += length + 2;
        if (bytes > limit) {
            tooBig = true;
        }
        boolean header = headerEnd < 0;
        if (header && length == 0) {
            headerEnd = content.writerIndex();
        }
        if (!tooBig && fault == null) {
            content.writeBytes(text, text.readerIndex(), length);
            content.writeByte('\r').writeByte('\n');
        }
        if (folding != null && refusal == null && fault == null) {
            int from = text.readerIndex() + (stuffed ? 1 : 0);
            int count = length - (stuffed ? 1 : 0);
            if (!header) {
                offerBody(text, from, count);
            } else if (length == 0) {
                folding.end();
            } else {
                folding.line(text.toString(from, count, StandardCharsets.ISO_8859_1));
            }
        }
        return firstBad;
    }

    /** The end of DATA: a message without an empty line is all header, whose last field ends now. */
    void finish() {
        if (folding != null && headerEnd < 0 && refusal == null) {
            folding.end();
        }
    }

    private void offer(HeaderField field) {
        for (LineCheck.Watch watch : watches) {
            if (refusal == null) {
                keep(watch.headerField(field));
            }
        }
    }

    /** A body line to the watches as octets: the buffer's own array when it has one, else a copy in {@link #octets}. */
    private void offerBody(ByteBuf text, int from, int count) {
        byte[] array;
        int at;
        if (text.hasArray()) {
            array = text.array();
            at = text.arrayOffset() + from;
        } else {
            if (octets.length < count) {
                octets = new byte[Math.max(count, octets.length * 2)];
            }
            text.getBytes(from, octets, 0, count);
            array = octets;
            at = 0;
        }
        for (LineCheck.Watch watch : watches) {
            if (refusal == null) {
                keep(watch.bodyLine(array, at, count));
            }
        }
    }

    private void keep(Verdict verdict) {
        if (verdict != null && !verdict.passes()) {
            refusal = verdict;
        }
    }

    /** The first refusal a line check gave while the message streamed, or null. */
    Verdict lineRefusal() {
        return refusal;
    }

    boolean tooBig() {
        return tooBig;
    }

    boolean badLine() {
        return fault != null;
    }

    /** What was wrong with the first bad line, or null. */
    SmtpLine.Fault fault() {
        return fault;
    }

    long startedNanos() {
        return startedNanos;
    }

    @Override
    public long size() {
        return bytes - stuffing;
    }

    @Override
    public List<HeaderField> headerFields() {
        if (fields == null) {
            fields = readFields();
        }
        return fields;
    }

    /** The header fields of the kept text, up to the empty line (or the whole text when it has none). */
    private List<HeaderField> readFields() {
        List<HeaderField> read = new ArrayList<>();
        if (content == null) {
            return read;
        }
        HeaderFolding reader = new HeaderFolding(read::add);
        int end = headerEnd < 0 ? content.writerIndex() : headerEnd;
        int at = content.readerIndex();
        while (at < end) {
            int eol = content.indexOf(at, end, (byte) '\r');
            if (eol < 0) {
                eol = end;
            }
            int from = at < eol && content.getByte(at) == '.' ? at + 1 : at;
            reader.line(content.toString(from, eol - from, StandardCharsets.ISO_8859_1));
            at = eol + 2;
        }
        reader.end();
        if (withheld.removesAny()) {
            read.removeIf(withheld::removes);
        }
        return List.copyOf(read);
    }

    @Override
    public Optional<MessageText> text() {
        return content == null ? Optional.empty()
                : Optional.of(new KeptText(HeaderRemoval.apply(content.retainedDuplicate(), withheld)));
    }

    /**
     * The text received, with {@code subjectTag} (a rule's {@code tag-subject}; null for none)
     * and a space put in front of the Subject's value, or, without a Subject field, a
     * {@code Subject:} of the tag added to {@code edits}; the caller owns it from now on.
     */
    ByteBuf take(String subjectTag, HeaderEdits edits) {
        if (subjectTag == null) {
            return take();
        }
        int at = subjectValueAt();
        if (at < 0) {
            edits.add("Subject", subjectTag);
            return take();
        }
        var whole = take();
        var tag = Unpooled.wrappedBuffer((" " + subjectTag).getBytes(StandardCharsets.ISO_8859_1));
        var tagged = Unpooled.wrappedBuffer(whole.retainedSlice(0, at), tag,
                whole.retainedSlice(at, whole.writerIndex() - at));
        whole.release();
        return tagged;
    }

    /** Where the value of the first Subject field starts (just after its colon), or -1. */
    private int subjectValueAt() {
        int end = headerEnd < 0 ? content.writerIndex() : headerEnd;
        int at = content.readerIndex();
        while (at < end) {
            int eol = content.indexOf(at, end, (byte) '\r');
            eol = eol < 0 ? end : eol;
            int from = at < eol && content.getByte(at) == '.' ? at + 1 : at;
            if (eol - from >= 8 && content.toString(from, 8, StandardCharsets.ISO_8859_1).equalsIgnoreCase("subject:")) {
                return from + 8;
            }
            at = eol + 2;
        }
        return -1;
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
