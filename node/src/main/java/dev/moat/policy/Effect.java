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
    /** A rule's {@code discard}: the message is accepted with 250 and handed to nobody. */
    record Discard(String rule) implements Effect {}

    /**
     * A rule's recipients, each routed by the Router and relayed only as it allows:
     * {@code replace} (a redirect) hands the message to these instead of the envelope's.
     */
    record RuleRecipients(java.util.List<String> addresses, boolean replace, String rule) implements Effect {
        public RuleRecipients {
            addresses = java.util.List.copyOf(addresses);
        }
    }

    /** A rule's {@code tag-subject}: {@code tag} and a space go in front of the Subject's value. */
    record TagSubject(String tag) implements Effect {}
}
