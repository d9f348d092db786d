package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.moat.mail.HeaderEdits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Removing header fields from kept message text: what goes, what stays, and who owns the buffers. */
class HeaderRemovalTest {
    private static final HeaderEdits OURS = new HeaderEdits().removeClaims("Authentication-Results", "mx.moat.test");

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String removed(String message) {
        ByteBuf out = HeaderRemoval.apply(text(message), OURS);
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @Test
    void aFieldWithItsContinuationLinesGoesAndTheRestStaysAsItWas() {
        assertEquals("Subject: s\r\nX: y\r\n\r\nbody\r\n", removed(
                "Subject: s\r\nAuthentication-Results: mx.moat.test;\r\n spf=pass\r\n\tsmtp.mailfrom=a@b.example\r\n"
                + "X: y\r\n\r\nbody\r\n"));
    }

    @Test
    void theFirstAndTheLastFieldsGoToo() {
        assertEquals("Subject: s\r\n\r\nb\r\n", removed("Authentication-Results: mx.moat.test; none\r\nSubject: s\r\n"
                + "Authentication-Results: mx.moat.test; spf=fail\r\n\r\nb\r\n"));
    }

    @Test
    void aMessageThatIsAllHeaderLosesItsLastFieldAtTheEnd() {
        assertEquals("Subject: s\r\n", removed("Subject: s\r\nAuthentication-Results: mx.moat.test; none\r\n"));
    }

    @Test
    void nothingInTheBodyIsTouched() {
        String message = "Subject: s\r\n\r\nAuthentication-Results: mx.moat.test; none\r\n";
        assertEquals(message, removed(message));
    }

    @Test
    void aMessageWithNothingToRemoveIsTheSameBuffer() {
        ByteBuf in = text("Authentication-Results: other.example; none\r\n\r\nb\r\n");
        ByteBuf out = HeaderRemoval.apply(in, OURS);
        assertSame(in, out);
        out.release();
    }

    @Test
    void theOriginalIsReleasedWithTheAnswer() {
        ByteBuf in = text("Authentication-Results: mx.moat.test; none\r\nSubject: s\r\n\r\nb\r\n");
        ByteBuf out = HeaderRemoval.apply(in, OURS);
        assertEquals(1, in.refCnt(), "held by the slices the answer is made of");
        out.release();
        assertEquals(0, in.refCnt());
    }
}
