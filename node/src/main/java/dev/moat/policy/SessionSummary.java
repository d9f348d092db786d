package dev.moat.policy;

import dev.moat.mail.MailPath;
import dev.moat.net.IpAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node remembers of one ended session, so that a settings change can be replayed over
 * recent traffic before it is saved (the impact preview): the client address, the status facts
 * it was classified with (status, reason, reverse name), the HELO name, the user who logged in,
 * and each transaction's Return-Path with every recipient it tried, refused ones included. At
 * most {@link #MAX_ENVELOPES} transactions of {@link #MAX_RECIPIENTS} recipients each are kept.
 */
public record SessionSummary(long timeMillis, String reference, IpAddress client, Classification classification,
        Optional<String> helo, Optional<String> user, List<Envelope> envelopes) {
    public static final int MAX_ENVELOPES = 5;
    public static final int MAX_RECIPIENTS = 20;

    public SessionSummary {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(user, "user");
        envelopes = List.copyOf(envelopes);
    }

    /** One transaction: its Return-Path and the recipients it tried. */
    public record Envelope(MailPath sender, List<MailPath> recipients) {
        public Envelope {
            Objects.requireNonNull(sender, "sender");
            recipients = List.copyOf(recipients);
        }
    }
}
