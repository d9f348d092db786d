package dev.moat.policy;

/**
 * Something a check asks the session to do besides answering: the chapter's "Add Header"
 * for blacklisted senders is the first; the relay marker and blocking events follow with
 * their issues.
 */
public sealed interface Effect {

    /** Prepend a header field to the message; {@code value} is already unfolded text. */
    record AddHeader(String name, String value) implements Effect {}

    /**
     * Accept the recipient but never hand it to the next hop: a recipient routed to
     * {@code spamtrap} (the message is refused at DATA) or to {@code null} (discarded).
     */
    record KeepFromNextHop(String why) implements Effect {}

    /** The SPF result of the transaction (MAIL FROM), kept for the checks and rules that follow. */
    record SpfChecked(SpfResult result) implements Effect {}
}
