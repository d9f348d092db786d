package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletionStage;

/**
 * One message on its way out. Calls may come from any thread and are carried out in the order
 * they were made; the stages may complete on any thread. Every stage completes normally with a
 * reply to pass to the client. A forward path holding a control character answers 501 5.1.3;
 * a call after {@code send} or {@code abort} answers 503 5.5.1.
 */
public interface Transaction {

    /**
     * Reply to pass to the client for this RCPT, whose {@code forwardPath} (the routed envelope)
     * goes to {@code hop}. Relay: the next hop's own answer; 451 4.4.1 when it cannot be reached
     * or is too slow. The transaction goes to the server of its first recipient; a recipient for
     * another server answers 452 4.5.3 once one was accepted, and moves the transaction to its
     * server while none was. Spool: every recipient goes into the one file.
     */
    CompletionStage<Reply> addRecipient(NextHop hop, String forwardPath);

    /**
     * message: the content as received on the wire: dot-stuffed, every line ending CRLF,
     * WITHOUT the final ".\r\n"; a Received header already prepended. Takes ownership of the
     * ByteBuf (releases it). Completes with 250 only when the message is safe (spool: file
     * synced; relay: next hop said 250 to the data). Without any accepted recipient it answers
     * 554 5.5.1 and sends nothing.
     */
    CompletionStage<Reply> send(ByteBuf message);

    /**
     * The client reset or left: undo whatever was started (relay: RSET on the pooled
     * connection, or close it). Idempotent; a no-op once send was called: a message already
     * on its way is not recalled.
     */
    void abort();
}
