package dev.moat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moat.mail.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyDecoderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            single line with enhanced code     | 250 2.1.0 Ok                               | 250 | 2.1.0 | Ok
            single line without enhanced code  | 220 mx.example.com ESMTP                   | 220 | ''    | mx.example.com ESMTP
            354 carries no enhanced code        | 354 End data with <CR><LF>.<CR><LF>        | 354 | ''    | End data with <CR><LF>.<CR><LF>
            class must match the reply code     | 550 2.1.5 odd                              | 550 | ''    | 2.1.5 odd
            enhanced code alone                 | 451 4.3.0                                  | 451 | 4.3.0 | ''
            code alone                          | 250                                        | 250 | ''    | ''
            version number is not a code        | 250 5.0.1.2 text                           | 250 | ''    | 5.0.1.2 text
            multi-line keeps every line         | 250-mx.example.com;250-PIPELINING;250 SIZE 1000 | 250 | '' | mx.example.com;PIPELINING;SIZE 1000
            repeated enhanced code is taken off | 550-5.1.1 first;550 5.1.1 second           | 550 | 5.1.1 | first;second
            """)
    void repliesAreParsedFromTheirLines(String name, String lines, int code, String enhanced, String text) {
        var reply = decode(lines.split(";"));

        assertEquals(new Reply(code, enhanced, Arrays.asList(text.split(";", -1))), reply);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no code                | hello
            short code             | 25
            code out of range      | 100 continue
            bad separator          | 250+ok
            code changes           | 250-first;251 second
            """)
    void malformedRepliesAreDecoderErrors(String name, String lines) {
        assertThrows(DecoderException.class, () -> decode(lines.split(";")));
    }

    @Test
    void multiLineReplyIsHeldUntilItsLastLine() {
        var channel = channel();
        channel.writeInbound(Unpooled.copiedBuffer("250-mx\r\n250-PIPE", StandardCharsets.US_ASCII));
        assertNull(channel.readInbound());

        channel.writeInbound(Unpooled.copiedBuffer("LINING\r\n250 8BITMIME\r\n", StandardCharsets.US_ASCII));

        assertEquals(List.of("mx", "PIPELINING", "8BITMIME"), channel.<Reply>readInbound().text());
    }

    @Test
    void overlyLongReplyIsADecoderError() {
        var channel = channel();
        var lines = "250-x\r\n".repeat(ReplyDecoder.MAX_LINES) + "250 x\r\n";

        assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer(lines, StandardCharsets.US_ASCII)));
    }

    private static Reply decode(String... lines) {
        var channel = channel();
        channel.writeInbound(Unpooled.copiedBuffer(String.join("\r\n", lines) + "\r\n", StandardCharsets.US_ASCII));
        Reply reply = channel.readInbound();
        assertNull(channel.readInbound());
        return reply;
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new LineBasedFrameDecoder(4096), new ReplyDecoder());
    }
}
