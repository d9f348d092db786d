package dev.moat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The reason a sender reads after {@code 451 4.4.1 Next hop ... unreachable:} is plain words
 * whichever transport failed: Netty's epoll names an errno, the JDK a sentence.
 */
class RepliesTest {

    @Test
    void aRefusedConnectReadsTheSameOverEpollAndTheJdk() {
        assertEquals("connection refused", Replies.reasonFor(new ConnectException("finishConnect(..) failed with error(-111)")));
        assertEquals("connection refused", Replies.reasonFor(new ConnectException("Connection refused: /127.0.0.1:25")));
        assertEquals("connection refused", Replies.reasonFor(new ConnectException()));
        assertEquals("connection refused",
                Replies.reasonFor(new CompletionException(new ConnectException("finishConnect(..) failed: Connection refused"))));
    }

    @Test
    void otherConnectFailuresAreNamedWithoutTheirErrno() {
        assertEquals("no route to host", Replies.reasonFor(new ConnectException("finishConnect(..) failed with error(-113)")));
        assertEquals("network unreachable", Replies.reasonFor(new ConnectException("connect(..) failed: Network is unreachable")));
        assertEquals("connect timed out", Replies.reasonFor(new ConnectTimeoutException("connection timed out: /10.0.0.1:25")));
        assertEquals("cannot connect", Replies.reasonFor(new ConnectException("finishConnect(..) failed with error(-99)")));
        assertEquals("unknown host", Replies.reasonFor(new UnknownHostException("nowhere.example")));
    }
}
