package dev.moat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpoolWriterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty message                 | ''                          | ''
            no dots                       | 'a\\r\\nb\\r\\n'            | 'a\\r\\nb\\r\\n'
            stuffed line loses one dot    | '..x\\r\\n'                 | '.x\\r\\n'
            stuffed lone dot              | '..\\r\\n'                  | '.\\r\\n'
            three dots become two         | '...\\r\\n'                 | '..\\r\\n'
            dot inside a line is kept     | 'a.b\\r\\n.\\r\\n'          | 'a.b\\r\\n\\r\\n'
            stuffed lines in a row        | '..a\\r\\n..b\\r\\nc\\r\\n' | '.a\\r\\n.b\\r\\nc\\r\\n'
            last line without line end    | 'a\\r\\n..b'                | 'a\\r\\n.b'
            """)
    void dotStuffingIsUndoneLineByLine(String name, String stuffed, String expected) throws Exception {
        var out = new ByteArrayOutputStream();
        var message = Unpooled.copiedBuffer(unescape(stuffed), StandardCharsets.US_ASCII);

        SpoolWriter.writeUnstuffed(message, Channels.newChannel(out));

        assertEquals(unescape(expected), out.toString(StandardCharsets.US_ASCII));
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
