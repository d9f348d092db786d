package dev.moat.delivery;

import java.util.Objects;

/**
 * What one Reverse Connect found, as a value: the Return-Path's mail server accepted the
 * address (a 2xx to {@code RCPT TO}), refused it (a 5xx), refused the null sender (any non-250
 * to {@code MAIL FROM:<>}), answered the RCPT with a 4xx, could not be talked to on any MX host
 * (refused, silent, closed, 421), or the whole callout ran out of time. {@code host} is the MX
 * address that answered (empty when none did); {@code detail} says what it or the connection
 * said, for the decision log only: it is never echoed to the client.
 */
public record CalloutAnswer(Outcome outcome, String host, String detail) {

    public enum Outcome {
        ACCEPTED("accepted"),
        REFUSED("refused"),
        NULL_SENDER_REFUSED("null-sender-refused"),
        TEMPORARY("temporary"),
        UNREACHABLE("unreachable"),
        TIMEOUT("timeout");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** The metric tag and log word. */
        public String tag() {
            return tag;
        }
    }

    public CalloutAnswer {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(detail, "detail");
    }
}
