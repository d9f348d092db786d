package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the next hop's reply lines (split by a line decoder before it) into {@link Reply}
 * values: {@code 250-...} lines are gathered until the {@code 250 ...} line that ends the
 * reply. An RFC 3463 enhanced code in front of the first line (its class matching the reply
 * code's) becomes {@link Reply#enhanced()} and is taken off every line that repeats it. A line
 * without a three-digit code, a code out of range, a code that changes within one reply, or
 * more than {@value #MAX_LINES} lines is a {@link DecoderException}.
 */
final class ReplyDecoder extends MessageToMessageDecoder<ByteBuf> {

    static final int MAX_LINES = 100;
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)");

    private final List<String> lines = new ArrayList<>();

    ReplyDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        var line = msg.toString(StandardCharsets.UTF_8);
        if (line.length() < 3 || !isDigits(line.substring(0, 3))
                || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            throw new DecoderException("malformed reply line");
        }
        if (!lines.isEmpty() && !line.startsWith(lines.get(0).substring(0, 3))) {
            throw new DecoderException("reply code changed within a reply");
        }
        if (lines.size() == MAX_LINES) {
            throw new DecoderException("reply longer than " + MAX_LINES + " lines");
        }
        lines.add(line);
        if (line.length() == 3 || line.charAt(3) == ' ') {
            out.add(parse(lines));
            lines.clear();
        }
    }

    /** One complete reply from its lines, code and separator included. */
    static Reply parse(List<String> lines) {
        int code = Integer.parseInt(lines.get(0).substring(0, 3));
        if (code < 200 || code > 599) {
            throw new DecoderException("reply code out of range: " + code);
        }
        var text = new ArrayList<String>(lines.size());
        for (var line : lines) {
            text.add(line.length() > 4 ? line.substring(4) : "");
        }
        var enhanced = enhancedCode(code, text.get(0));
        if (!enhanced.isEmpty()) {
            text.replaceAll(t -> t.equals(enhanced) ? "" : t.startsWith(enhanced + " ") ? t.substring(enhanced.length() + 1) : t);
        }
        return new Reply(code, enhanced, text);
    }

    private static String enhancedCode(int code, String firstLine) {
        var match = ENHANCED.matcher(firstLine);
        if (match.find() && match.group(1).charAt(0) - '0' == code / 100) {
            return match.group(1);
        }
        return "";
    }

    private static boolean isDigits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
