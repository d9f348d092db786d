package dev.moat.smtp;

import dev.moat.mail.HeaderEdits;
import dev.moat.mail.HeaderField;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the header fields {@link HeaderEdits} names for removal out of a message's kept text
 * (dot-stuffed lines, each ending with CRLF) on its way to the next hop: it walks the header
 * to its empty line, a field with its continuation lines at a time, reads the whole text only
 * of fields whose name may be removed, and hands on slices of the same buffer around the fields
 * removed, so nothing is copied and a message with none to remove is passed on untouched.
 */
final class HeaderRemoval {
    private HeaderRemoval() {
    }

    /** {@code message} without the fields {@code edits} removes; the caller owns the answer, and no longer owns {@code message}. */
    static ByteBuf apply(ByteBuf message, HeaderEdits edits) {
        if (!edits.removesAny()) {
            return message;
        }
        List<int[]> removed = removedFields(message, edits);
        if (removed.isEmpty()) {
            return message;
        }
        List<ByteBuf> kept = new ArrayList<>(removed.size() + 1);
        int at = message.readerIndex();
        for (int[] field : removed) {
            if (field[0] > at) {
                kept.add(message.retainedSlice(at, field[0] - at));
            }
            at = field[1];
        }
        if (message.writerIndex() > at) {
            kept.add(message.retainedSlice(at, message.writerIndex() - at));
        }
        message.release();
        return Unpooled.wrappedBuffer(kept.toArray(ByteBuf[]::new));
    }

    /** The [start, end) of each field to remove, its CRLFs included, in order. */
    private static List<int[]> removedFields(ByteBuf message, HeaderEdits edits) {
        List<int[]> removed = new ArrayList<>(1);
        int end = message.writerIndex();
        int at = message.readerIndex();
        int fieldStart = -1;
        boolean candidate = false;
        while (at < end) {
            int eol = message.indexOf(at, end, (byte) '\r');
            int next = eol < 0 ? end : Math.min(end, eol + 2);
            byte first = at < end ? message.getByte(at) : 0;
            boolean continuation = first == ' ' || first == '\t';
            if (!continuation) {
                if (candidate && removes(message, fieldStart, at, edits)) {
                    removed.add(new int[] {fieldStart, at});
                }
                if (eol == at) {
                    return removed;
                }
                fieldStart = at;
                candidate = edits.mayRemove(name(message, at, eol < 0 ? end : eol));
            }
            at = next;
        }
        if (candidate && removes(message, fieldStart, end, edits)) {
            removed.add(new int[] {fieldStart, end});
        }
        return removed;
    }

    /** The field name of a first line (what precedes its colon, after a stuffing dot), or "" without a colon. */
    private static String name(ByteBuf message, int from, int to) {
        int colon = message.indexOf(from, to, (byte) ':');
        int start = from < to && message.getByte(from) == '.' ? from + 1 : from;
        return colon < 0 ? "" : message.toString(start, colon - start, StandardCharsets.ISO_8859_1).strip();
    }

    private static boolean removes(ByteBuf message, int from, int to, HeaderEdits edits) {
        int start = message.getByte(from) == '.' ? from + 1 : from;
        String text = message.toString(start, to - start, StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        return edits.removes(HeaderField.of(text));
    }
}
