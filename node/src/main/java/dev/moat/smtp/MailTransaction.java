package dev.moat.smtp;

import dev.moat.delivery.NextHopCheck;
import dev.moat.delivery.NextHops;
import dev.moat.delivery.Sender;
import dev.moat.delivery.Transaction;
import dev.moat.mail.HeaderEdits;
import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.policy.AddressStatus;
import dev.moat.policy.Effect;
import dev.moat.policy.LineCheck;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import dev.moat.rules.RulesCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One mail transaction of a session (RFC 5321 3.3): the Return-Path, the recipients, each
 * with the route the Router gave it at RCPT (decided once and kept), the effects of the
 * verdicts that passed, the message as it streams, the header edits and the hand-off to the
 * next hop, which answers before the client is told 250. Each recipient is handed over as its
 * routed envelope, to the next hop of its route ({@link NextHops}). A recipient the Router keeps from
 * the next hop (a spam trap, {@code null}) is accepted like any other. {@link #reset} forgets
 * it all and aborts the hand-off.
 */
final class MailTransaction {
    private final SmtpSession session;
    private final SmtpServices services;
    private final SessionSnapshot snapshot;
    private final SessionLimits limits;
    private final ByteBufAllocator alloc;

    private MailPath sender;
    private Sender envelope;
    private Transaction handOff;
    private final List<Recipient> recipients = new ArrayList<>();
    private final Set<Effect> effects = new LinkedHashSet<>();
    private int refused;
    private int kept;
    private Recipient judged;
    private IncomingMessage message;

    MailTransaction(SmtpSession session, SmtpServices services, SessionSnapshot snapshot, SessionLimits limits,
            ByteBufAllocator alloc) {
        this.session = session;
        this.services = services;
        this.snapshot = snapshot;
        this.limits = limits;
        this.alloc = alloc;
    }

    CompletionStage<SmtpResponse> mail(MailPath path, long declaredSize, boolean eightBit) {
        sender = path;
        return session.runChecks(Stage.MAIL).thenApply(verdict -> {
            if (!verdict.passes()) {
                sender = null;
                return session.refusal(verdict);
            }
            envelope = new Sender(path.address(), declaredSize, eightBit);
            handOff = services.delivery().get().begin(envelope);
            effects.addAll(verdict.effects());
            return SmtpResponse.of(Reply.ok(250, "2.1.0", "Sender " + path + " OK"));
        });
    }

    CompletionStage<SmtpResponse> recipient(MailPath path) {
        if (recipients.size() >= limits.maxRecipients()) {
            return SmtpResponse.now(Reply.temporary(452, "4.5.3", "Too many recipients"));
        }
        Route route = snapshot.settings().router().route(path.address());
        judged = new Recipient(path, route);
        return session.runChecks(Stage.RCPT).thenCompose(verdict -> {
            Recipient recipient = judged;
            judged = null;
            if (!verdict.passes()) {
                refused++;
                services.metrics().recipient("refused", verdict.check());
                return CompletableFuture.completedFuture(session.refusal(verdict));
            }
            if (handOff == null) { // reset while the check ran
                return SmtpResponse.now(Reply.permanent(503, "5.5.1", "Need MAIL command"));
            }
            if (verdict.effects().stream().anyMatch(Effect.KeepFromNextHop.class::isInstance)) {
                // Accepted like any other recipient, so a spam trap does not reveal itself here.
                recipients.add(recipient);
                kept++;
                services.metrics().recipient("accepted", "router");
                return SmtpResponse.now(Reply.ok(250, "2.1.5", "Recipient OK"));
            }
            NextHops.Decision decision = snapshot.nextHops().decide(session.facts(), recipient);
            if (!decision.delivers()) {
                return CompletableFuture.completedFuture(refuseWithoutNextHop(recipient, decision));
            }
            return handOff.addRecipient(decision.hop(), decision.envelope()).thenApply(reply -> {
                if (reply.isPositive()) {
                    recipients.add(recipient);
                    effects.addAll(verdict.effects());
                    services.metrics().recipient("accepted", "next-hop");
                } else {
                    refused++;
                    services.metrics().recipient("refused", "next-hop");
                }
                return SmtpResponse.of(reply);
            });
        });
    }

    /**
     * A recipient with no next hop to go to: the next-hops check refuses it first, so this
     * happens only where that check does not run; the hand-off never guesses a next hop.
     */
    private SmtpResponse refuseWithoutNextHop(Recipient recipient, NextHops.Decision decision) {
        var verdict = Verdict.reject(NextHopCheck.NAME, decision.refused() ? decision.refusal()
                : Reply.temporary(451, "4.3.0", "No next hop for this recipient"), recipient.address() + ": "
                + decision.reason());
        snapshot.checks().report(session.facts(), verdict);
        refused++;
        services.metrics().recipient("refused", NextHopCheck.NAME);
        return session.refusal(verdict);
    }

    /** DATA: the checks of the whole recipient list (spam traps), then 354 or a refusal of the message. */
    CompletionStage<SmtpResponse> data() {
        return session.runChecks(Stage.DATA).thenApply(verdict -> {
            if (verdict.passes()) {
                effects.addAll(verdict.effects());
                return startMessage();
            }
            services.metrics().message("refused", verdict.check());
            var response = session.refusal(verdict);
            reset();
            return response;
        });
    }

    /** 354: the message follows; each line check starts its watch over it. */
    private SmtpResponse startMessage() {
        List<LineCheck.Watch> watches = new ArrayList<>(0);
        for (LineCheck check : snapshot.checks().lineChecks()) {
            LineCheck.Watch watch = check.start(session.facts());
            if (watch != null) {
                watches.add(watch);
            }
        }
        message = new IncomingMessage(alloc, limits.maxMessageSize(), watches, claimsRemoved(new HeaderEdits()));
        session.receivingMessage();
        return SmtpResponse.of(Reply.of(354, "2.0.0", "End data with <CR><LF>.<CR><LF>"));
    }

    CompletionStage<SmtpResponse> dataLine(SmtpLine line) {
        if (line.isEndOfData()) {
            session.messageEnded();
            return endOfData();
        }
        if (message.add(line)) {
            session.countProtocolError(line.fault().error());
        }
        return SmtpResponse.CONTINUE;
    }

    private CompletionStage<SmtpResponse> endOfData() {
        message.finish();
        if (message.tooBig() || message.badLine()) {
            var reply = message.tooBig()
                    ? Reply.permanent(552, "5.3.4", "Message too big (limit " + limits.maxMessageSize() + " octets)")
                    : Reply.permanent(554, "5.6.0", "Message refused: it holds " + message.fault().described());
            services.metrics().message("refused", message.tooBig() ? "size" : "bad-line");
            reset();
            return SmtpResponse.now(reply);
        }
        Verdict lineRefusal = message.lineRefusal();
        CompletionStage<Verdict> decided;
        Verdict applied = lineRefusal == null ? null : snapshot.checks().report(session.facts(), lineRefusal);
        if (applied != null && !applied.passes()) {
            decided = CompletableFuture.completedFuture(applied);
        } else {
            if (applied != null) {
                effects.addAll(applied.effects()); // a line check in monitor or tag mode: the message goes on
            }
            decided = session.runChecks(Stage.MESSAGE);
        }
        return decided.thenCompose(verdict -> {
            if (message == null) { // reset while a check ran (a rule's program): the client has left
                return SmtpResponse.now(Reply.temporary(451, "4.3.0", "Transaction reset while the message was judged"));
            }
            if (!verdict.passes()) {
                services.metrics().message("refused", verdict.check());
                var response = session.refusal(verdict);
                reset();
                return CompletableFuture.completedFuture(response);
            }
            var ruleRecipients = RuleRecipients.of(verdict.effects());
            if (verdict.effects().stream().anyMatch(Effect.Discard.class::isInstance)
                    || (kept == recipients.size() && ruleRecipients.isEmpty())) {
                // A rule discarded it, or every recipient was routed to null: nothing goes to the next hop.
                return discarded(verdict.effects().stream().anyMatch(Effect.Discard.class::isInstance));
            }
            return ruleRecipients.isEmpty() ? handOver(verdict.effects())
                    : handOverWith(ruleRecipients, verdict.effects());
        });
    }

    private CompletionStage<SmtpResponse> discarded(boolean byRule) {
        services.metrics().message("accepted", byRule ? "rule-discard" : "discarded");
        reset();
        return SmtpResponse.now(Reply.ok(250, "2.0.0", "Message accepted"));
    }

    /** The rules named recipients: they join the hand-off (or replace it, for a redirect) before the data goes. */
    private CompletionStage<SmtpResponse> handOverWith(List<Effect.RuleRecipients> ruleRecipients,
            List<Effect> messageEffects) {
        var delivery = services.delivery().get();
        var started = envelope;
        return RuleRecipients.apply(ruleRecipients, handOff, () -> delivery.begin(started),
                snapshot.settings().router(), snapshot.nextHops(), session.facts()).thenCompose(outcome -> {
                    if (outcome.refused()) {
                        var verdict = Verdict.reject(RulesCheck.NAME, outcome.refusal(), outcome.reason());
                        snapshot.checks().report(session.facts(), verdict);
                        services.metrics().message("refused", RulesCheck.NAME);
                        var response = session.refusal(verdict);
                        reset();
                        return CompletableFuture.completedFuture(response);
                    }
                    boolean nothingLeft = RuleRecipients.replaces(ruleRecipients) || kept == recipients.size();
                    if (outcome.added() == 0 && nothingLeft) {
                        outcome.handOff().abort();
                        return discarded(false);
                    }
                    handOff = outcome.handOff();
                    return handOver(messageEffects);
                });
    }

    private CompletionStage<SmtpResponse> handOver(List<Effect> messageEffects) {
        long started = message.startedNanos();
        ByteBuf content = withHeaders(messageEffects);
        message = null;
        var tx = handOff;
        return tx.send(content).thenApply(reply -> {
            services.metrics().delivery(snapshot.settings().server().delivery().mode().name().toLowerCase(Locale.ROOT),
                    reply.isPositive() ? "accepted" : "refused", Duration.ofNanos(System.nanoTime() - started));
            services.metrics().message(reply.isPositive() ? "accepted" : "refused",
                    reply.isPositive() ? "delivered" : "next-hop");
            if (tx == handOff) {
                clear();
            }
            return SmtpResponse.of(reply);
        });
    }

    /** The trace field, then each distinct field the session's, transaction's and message's verdicts add. */
    private ByteBuf withHeaders(List<Effect> messageEffects) {
        var edits = new HeaderEdits().addField(session.facts().traceField(limits.hostName(),
                recipients.size() == 1 ? recipients.get(0).address() : null));
        var all = new LinkedHashSet<Effect>(session.facts().sessionEffects());
        all.addAll(effects);
        all.addAll(messageEffects);
        String subjectTag = null;
        for (var effect : all) {
            if (effect instanceof Effect.AddHeader h) {
                edits.add(h.name(), h.value());
            } else if (effect instanceof Effect.TagSubject t) {
                subjectTag = subjectTag == null ? t.tag() : subjectTag + " " + t.tag();
            }
        }
        claimsRemoved(edits);
        var content = HeaderRemoval.apply(message.take(subjectTag, edits), edits);
        var header = Unpooled.wrappedBuffer(edits.render().getBytes(StandardCharsets.ISO_8859_1));
        return Unpooled.wrappedBuffer(header, content);
    }

    /** {@code edits}, taking out the sender's {@code Authentication-Results:} in this node's name unless a Client sent them. */
    private HeaderEdits claimsRemoved(HeaderEdits edits) {
        if (session.facts().classification().status() != AddressStatus.CLIENT) {
            // RFC 8601 5: only a trusted MTA (a Client) may hand over results in our name.
            edits.removeClaims("Authentication-Results", limits.hostName());
        }
        return edits;
    }

    /** The SPF result the MAIL FROM verdicts recorded, if SPF judged this transaction. */
    Optional<dev.moat.policy.SpfResult> spfResult() {
        for (var effect : effects) {
            if (effect instanceof Effect.SpfChecked spf) {
                return Optional.of(spf.result());
            }
        }
        return Optional.empty();
    }

    /** RSET, a new EHLO, the end of a transaction or of the connection: forgets the envelope. */
    void reset() {
        if (handOff != null) {
            handOff.abort();
        }
        clear();
    }

    private void clear() {
        handOff = null;
        sender = null;
        envelope = null;
        recipients.clear();
        effects.clear();
        refused = 0;
        kept = 0;
        if (message != null) {
            message.release();
            message = null;
        }
    }

    boolean inTransaction() {
        return sender != null;
    }

    boolean hasRecipients() {
        return !recipients.isEmpty();
    }

    int recipientsRefused() {
        return refused;
    }

    Optional<MailPath> sender() {
        return Optional.ofNullable(sender);
    }

    Optional<Recipient> judged() {
        return Optional.ofNullable(judged);
    }

    List<Recipient> recipients() {
        return List.copyOf(recipients);
    }

    Optional<MessageFacts> message() {
        return Optional.ofNullable(message);
    }
}
