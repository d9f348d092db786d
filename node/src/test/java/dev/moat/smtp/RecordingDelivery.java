package dev.moat.smtp;

import dev.moat.delivery.Delivery;
import dev.moat.delivery.NextHop;
import dev.moat.delivery.Sender;
import dev.moat.delivery.Transaction;
import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A hand-off that keeps what it is given, for dialogue tests: envelopes and exact bytes. */
final class RecordingDelivery implements Delivery {

    /** One message: the sender, each recipient's routed envelope and the name of its next hop, the content. */
    record Message(String sender, List<String> recipients, List<String> nextHops, String content) {
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> aborted = new CopyOnWriteArrayList<>();
    volatile Reply refuseRecipientsWith;

    @Override
    public Transaction begin(Sender sender) {
        var recipients = new ArrayList<String>();
        var hops = new ArrayList<String>();
        return new Transaction() {
            private boolean done;

            @Override
            public CompletionStage<Reply> addRecipient(NextHop hop, String forwardPath) {
                if (refuseRecipientsWith != null) {
                    return CompletableFuture.completedFuture(refuseRecipientsWith);
                }
                recipients.add(forwardPath);
                hops.add(hop.name());
                return CompletableFuture.completedFuture(Reply.ok(250, "2.1.5", "Recipient OK"));
            }

            @Override
            public CompletionStage<Reply> send(ByteBuf message) {
                try {
                    messages.add(new Message(sender.reversePath(), List.copyOf(recipients), List.copyOf(hops),
                            message.toString(StandardCharsets.ISO_8859_1)));
                } finally {
                    message.release();
                }
                done = true;
                return CompletableFuture.completedFuture(Reply.ok(250, "2.0.0", "Queued"));
            }

            @Override
            public void abort() {
                if (!done) {
                    aborted.add(sender.reversePath());
                    done = true;
                }
            }
        };
    }

    @Override
    public void close() {
    }
}
