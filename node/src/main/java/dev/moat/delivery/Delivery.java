package dev.moat.delivery;

/**
 * Hands accepted messages on: one per node, creating a {@link Transaction} per message.
 * Thread-safe. Whatever the mode, a transaction's {@code send} completes with 250 only once the
 * message is safe; every other outcome is a reply to pass to the client, never an exception.
 */
public interface Delivery extends AutoCloseable {

    Transaction begin(Sender sender);

    /** What the hand-off holds now; called when the meters are scraped, not per message. */
    default HandOffState state() {
        return HandOffState.NONE;
    }

    /**
     * Graceful: closes pooled connections (QUIT) and waits briefly for work in flight; does not
     * wait when called on a Netty thread. Transactions begun afterwards answer 451 4.3.2.
     */
    @Override
    void close();
}
