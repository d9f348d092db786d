package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.moat.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session's per-address connection slot is freed as the session ends (with its last reply
 * on the way out), not when the close event comes later, and exactly once.
 */
class ConnectionSlotDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private final Fixture f = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-connections-per-address: 1\n");

    /** What the limiter counted for the client when each reply reached the wire, by the reply's first line. */
    private static List<String> slotsAtEachReply(Fixture f, Dialogue d) {
        var seen = new ArrayList<String>();
        var client = IpAddress.parse(STRANGER);
        d.channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof ByteBuf b && b.isReadable()) {
                    var text = b.toString(StandardCharsets.ISO_8859_1);
                    seen.add(text.substring(0, 3) + " open=" + f.limiter.open(client));
                }
                super.write(ctx, msg, promise);
            }
        });
        return seen;
    }

    @Test
    void theSlotIsFreeWhenThe221GoesOutAndIsFreedOnce() {
        try (var d = f.connect(STRANGER)) {
            var seen = slotsAtEachReply(f, d);
            d.expect("220 ");
            d.send("NOOP").expect("250 ");
            d.send("QUIT").expect("221 ");
            assertFalse(d.isOpen());
            assertEquals(List.of("250 open=1", "221 open=0"), seen);
        }
        assertEquals(0, f.limiter.open(), "released exactly once: the total is back to zero, not below");
        assertEquals(0, f.limiter.open(IpAddress.parse(STRANGER)));
        try (var next = f.connect(STRANGER)) {
            next.expect("220 ");
            assertEquals(1, f.limiter.open());
        }
        assertEquals(0, f.limiter.open());
    }

    @Test
    void aSessionMoatEndsFreesItsSlotWithIts421() {
        var strict = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-connections-per-address: 1\n"
                + "  max-protocol-errors: 1\n");
        try (var d = strict.connect(STRANGER)) {
            var seen = slotsAtEachReply(strict, d);
            d.expect("220 ");
            d.send("BOGUS").expect("500 ");
            d.expect("421 4.7.0 ");
            assertFalse(d.isOpen());
            assertEquals(List.of("500 open=0", "421 open=0"), seen);
        }
        assertEquals(0, strict.limiter.open());
    }
}
