package dev.moat;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.IpAddress;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Classification;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.SessionSummary;
import dev.moat.policy.Stage;
import java.util.List;
import java.util.Optional;

/**
 * The facts of a remembered session as the checks of a replay read them: the summary's client,
 * HELO and user, the classification the replay gave it, and the stage, Return-Path, recipient
 * being judged and recipients accepted so far that the replay sets. No message: content checks
 * are not replayed.
 */
record ReplayedSession(SessionSummary summary, Classification classification, Stage stage, Optional<MailPath> sender,
        Optional<Recipient> recipient, List<Recipient> recipients) implements CheckContext {

    ReplayedSession(SessionSummary summary, Classification classification) {
        this(summary, classification, Stage.CONNECT, Optional.empty(), Optional.empty(), List.of());
    }

    ReplayedSession at(Stage next) {
        return new ReplayedSession(summary, classification, next, sender, recipient, recipients);
    }

    ReplayedSession from(MailPath path) {
        return new ReplayedSession(summary, classification, Stage.MAIL, Optional.of(path), Optional.empty(), List.of());
    }

    ReplayedSession judging(Recipient next) {
        return new ReplayedSession(summary, classification, Stage.RCPT, sender, Optional.of(next), recipients);
    }

    ReplayedSession accepted(List<Recipient> now) {
        return new ReplayedSession(summary, classification, stage, sender, Optional.empty(), List.copyOf(now));
    }

    @Override
    public String sessionReference() {
        return summary.reference();
    }

    @Override
    public IpAddress clientAddress() {
        return summary.client();
    }

    @Override
    public Optional<String> heloName() {
        return summary.helo();
    }

    @Override
    public Optional<String> authenticatedUser() {
        return summary.user();
    }

    @Override
    public Optional<MessageFacts> message() {
        return Optional.empty();
    }
}
