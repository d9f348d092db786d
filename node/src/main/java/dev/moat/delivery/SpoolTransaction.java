package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One message bound for the spool: recipients (their routed envelopes, whatever their next
 * hops) are collected in memory and accepted at once; {@code send} hands the envelope and
 * content to {@link SpoolDelivery} for one durable file.
 */
final class SpoolTransaction implements Transaction {

    private final Sender sender;
    private final SpoolDelivery spool;
    private final List<String> recipients = new ArrayList<>();
    private boolean open = true;

    SpoolTransaction(Sender sender, SpoolDelivery spool) {
        this.sender = sender;
        this.spool = spool;
    }

    @Override
    public synchronized CompletionStage<Reply> addRecipient(NextHop hop, String forwardPath) {
        var refusal = Replies.refusedRecipient(forwardPath, open);
        if (refusal != null) {
            return CompletableFuture.completedFuture(refusal);
        }
        recipients.add(forwardPath);
        return CompletableFuture.completedFuture(Replies.recipientAccepted());
    }

    @Override
    public CompletionStage<Reply> send(ByteBuf message) {
        List<String> envelope;
        synchronized (this) {
            if (!open) {
                message.release();
                return CompletableFuture.completedFuture(Replies.BAD_SEQUENCE);
            }
            open = false;
            envelope = List.copyOf(recipients);
        }
        if (envelope.isEmpty()) {
            message.release();
            return CompletableFuture.completedFuture(Replies.NO_VALID_RECIPIENTS);
        }
        return spool.store(sender, envelope, message);
    }

    @Override
    public synchronized void abort() {
        if (open) {
            open = false;
            recipients.clear();
        }
    }
}
