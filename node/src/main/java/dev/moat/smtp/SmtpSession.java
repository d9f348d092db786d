package dev.moat.smtp;

import dev.moat.blocking.TemporaryBlockCheck;
import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.Classification;
import dev.moat.policy.Match;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SMTP conversation of one connection (RFC 5321, with PIPELINING, SIZE, 8BITMIME,
 * ENHANCEDSTATUSCODES, STARTTLS and AUTH): the command state machine. It takes lines and
 * answers with replies and what to do next, possibly later when a check answers; {@link
 * SmtpCommands} parses commands, {@link AuthExchange} runs AUTH, {@link MailTransaction} holds
 * the envelope, the message and the hand-off, and {@link SessionFacts} what the checks of its
 * snapshot read. It knows nothing about sockets ({@link SmtpSessionHandler} carries its
 * answers to the wire) and nothing about spam. The client was classified before the session
 * was made. Used from one event loop thread only.
 */
final class SmtpSession {

    private enum State { COMMAND, DATA, AUTH, CLOSED }

    private static final int MAX_COMMAND = 510;
    /** The check name of the close at {@code smtp.max-protocol-errors}, for its records and mode. */
    static final String PROTOCOL_ERRORS = "protocol-errors";

    private final SmtpServices services;
    private final SmtpListener listener;
    private final SessionSnapshot snapshot;
    private final SessionLimits limits;
    private final boolean counted;
    private final SmtpCommands commands;
    private final AuthExchange auth;
    private final MailTransaction mail;
    private final SessionFacts facts;

    private State state = State.COMMAND;
    private int protocolErrors;
    private String endReason = "closed";
    private boolean summarised;

    /** {@code counted} false: a proxy's own connection, whose events are counted against no one. */
    SmtpSession(SmtpServices services, SessionSnapshot snapshot, SmtpListener listener, IpAddress client,
            Classification classification, String reference, ByteBufAllocator alloc, boolean counted) {
        this.services = services;
        this.snapshot = snapshot;
        this.listener = listener;
        this.limits = SessionLimits.from(snapshot.settings());
        this.counted = counted;
        this.commands = new SmtpCommands(this);
        this.auth = new AuthExchange(this, services.authenticator(), services.metrics());
        this.mail = new MailTransaction(this, services, snapshot, limits, alloc);
        this.facts = new SessionFacts(client, reference, classification, listener.implicitTls(), mail);
    }

    // ---- the conversation -------------------------------------------------------------

    /** Runs the connect checks: the greeting or a refusal. */
    CompletionStage<SmtpResponse> open() {
        return runChecks(Stage.CONNECT).thenApply(verdict -> {
            if (verdict.passes()) {
                facts.greeted(verdict.effects());
                return SmtpResponse.of(Reply.of(220, "", limits.hostName() + " " + limits.greeting()));
            }
            endReason = "refused";
            return new SmtpResponse(List.of(decorate(verdict.reply())), SmtpResponse.Next.CLOSE);
        });
    }

    CompletionStage<SmtpResponse> onLine(SmtpLine line) {
        try {
            return switch (state) {
                case DATA -> mail.dataLine(line);
                case AUTH -> credentialLine(line);
                case COMMAND -> commandLine(line);
                case CLOSED -> SmtpResponse.CONTINUE;
            };
        } finally {
            line.release();
        }
    }

    private CompletionStage<SmtpResponse> commandLine(SmtpLine line) {
        if (line.isTooLong() || line.length() > MAX_COMMAND) {
            return protocolError(ProtocolError.LINE_TOO_LONG,
                    Reply.permanent(500, "5.5.2", "Line too long (command lines are limited to 512 octets)"));
        }
        if (line.isFaulty()) {
            return protocolError(line.fault().error(), Reply.permanent(500, "5.5.2", "Command refused: it holds "
                    + line.fault().described()));
        }
        return commands.execute(line.text());
    }

    /**
     * Counts a protocol error, reports it, and answers; past the limit, closes with 421: a
     * decision of the check {@code protocol-errors}, recorded, and in monitor mode not acted on.
     */
    CompletionStage<SmtpResponse> protocolError(ProtocolError error, Reply reply) {
        countProtocolError(error);
        if (protocolErrors >= limits.maxProtocolErrors()) {
            String why = protocolErrors + " protocol errors (the limit is " + limits.maxProtocolErrors() + "), the last "
                    + error.tag();
            Verdict close = snapshot.checks().report(facts, Verdict.disconnect(PROTOCOL_ERRORS,
                    Reply.of(421, "4.7.0", limits.hostName() + " Too many errors, closing connection"), why,
                    new Match.Other("protocol-limit", "max-protocol-errors", why)));
            if (!close.passes()) {
                return CompletableFuture.completedFuture(closing("too-many-errors", reply, decorate(close.reply())));
            }
        }
        return SmtpResponse.now(reply);
    }

    /** These replies end the session, which Moat closes for {@code reason} (a meter tag). */
    SmtpResponse closing(String reason, Reply... replies) {
        endReason = reason;
        state = State.CLOSED;
        return new SmtpResponse(List.of(replies), SmtpResponse.Next.CLOSE);
    }

    /** Counts and reports a protocol error whose answer comes later (a bad line inside DATA). */
    void countProtocolError(ProtocolError error) {
        protocolErrors++;
        report(new SessionEvent.ProtocolViolation(facts.clientAddress(), error, facts.sessionReference()));
        services.metrics().protocolError(error.tag());
    }

    /** Reports an event against the client address; a proxy's own connection reports none. */
    void report(SessionEvent event) {
        (counted ? services.events() : SessionEvents.NONE).on(event);
    }

    // ---- the transaction and AUTH, by the parts that hold them -------------------------

    /** The facts the checks read. */
    SessionFacts facts() {
        return facts;
    }

    /** The mail transaction: the envelope, the message, the hand-off. */
    MailTransaction transaction() {
        return mail;
    }

    /** RSET, a new EHLO, or the end of a transaction: forgets the envelope. */
    void resetTransaction() {
        mail.reset();
    }

    /** The 354 was sent: lines are message text until the lone dot. */
    void receivingMessage() {
        state = State.DATA;
    }

    /** The lone dot came: lines are commands again. */
    void messageEnded() {
        state = State.COMMAND;
    }

    CompletionStage<SmtpResponse> authPlain(String initial) {
        return awaitCredentials(auth.plain(initial));
    }

    CompletionStage<SmtpResponse> authLogin(String initialUser) {
        return awaitCredentials(auth.login(initialUser));
    }

    private CompletionStage<SmtpResponse> credentialLine(SmtpLine line) {
        state = State.COMMAND;
        return awaitCredentials(auth.line(line));
    }

    private CompletionStage<SmtpResponse> awaitCredentials(CompletionStage<SmtpResponse> answer) {
        if (auth.awaiting()) {
            state = State.AUTH;
        }
        return answer;
    }


    // ---- HELO, STARTTLS ----------------------------------------------------------------

    CompletionStage<SmtpResponse> hello(String name, boolean ehlo) {
        resetTransaction();
        facts.hello(name, ehlo);
        return runChecks(Stage.HELO).thenApply(verdict -> {
            if (!verdict.passes()) {
                facts.helloJudged(null);
                return refusal(verdict);
            }
            facts.helloJudged(verdict.effects());
            if (!ehlo) {
                return SmtpResponse.of(Reply.of(250, "", limits.hostName()));
            }
            var lines = new ArrayList<String>();
            lines.add(limits.hostName() + " greets " + name + " [" + facts.clientAddress() + "]");
            lines.add("PIPELINING");
            lines.add("SIZE " + limits.maxMessageSize());
            lines.add("8BITMIME");
            lines.add("ENHANCEDSTATUSCODES");
            if (tlsAvailable() && !facts.tls()) {
                lines.add("STARTTLS");
            }
            if (authOffered() && !facts.authenticated()) {
                lines.add("AUTH PLAIN LOGIN");
            }
            return SmtpResponse.of(new Reply(250, "", lines));
        });
    }

    boolean tlsAvailable() {
        return services.tls().get() != null;
    }

    /** AUTH is offered over TLS, or in the clear when the settings allow it. */
    boolean authOffered() {
        return facts.tls() || limits.allowPlaintextAuth();
    }

    /** On a submission listener no mail transaction starts before TLS (RFC 6409, RFC 3207). */
    boolean mustStartTlsFirst() {
        return listener.requireTls() && !facts.tls();
    }

    /** The handshake after STARTTLS completed: RFC 3207 says forget everything learned before. */
    void tlsStarted() {
        resetTransaction();
        facts.tlsStarted();
    }

    // ---- checks and replies ------------------------------------------------------------

    CompletionStage<Verdict> runChecks(Stage at) {
        facts.judging(at);
        return snapshot.checks().run(facts);
    }

    /** A refusal carries the session reference so an administrator can find the decision. */
    Reply decorate(Reply reply) {
        return reply.withSuffix(" (ref " + facts.sessionReference() + ")");
    }

    SmtpResponse refusal(Verdict verdict) {
        var reply = decorate(verdict.reply());
        if (verdict.action() == Verdict.Action.DISCONNECT) {
            endReason = "disconnected-by-check";
            state = State.CLOSED;
            return new SmtpResponse(List.of(reply), SmtpResponse.Next.CLOSE);
        }
        return SmtpResponse.of(reply);
    }

    SmtpResponse quit() {
        endReason = "quit";
        state = State.CLOSED;
        return new SmtpResponse(List.of(Reply.ok(221, "2.0.0", limits.hostName() + " Bye")), SmtpResponse.Next.CLOSE);
    }

    /** The 421 for a client that kept silent too long. */
    Reply timedOut() {
        endReason = "timeout";
        state = State.CLOSED;
        return Reply.of(421, "4.4.2", limits.hostName() + " Timeout exceeded, closing connection");
    }

    /** Between transactions, waiting for a command: safe to end at shutdown. */
    boolean idle() {
        return state == State.COMMAND && !mail.inTransaction();
    }

    /** The 421 an idle session gets when the node shuts down. */
    Reply shuttingDown() {
        endReason = "shutdown";
        state = State.CLOSED;
        return Reply.of(421, "4.3.2", limits.hostName() + " Service shutting down, try again later");
    }

    /**
     * The 421 a session gets when its address was just temporarily blocked, on any node: a
     * decision of the check {@code temporary-block}, recorded; in monitor mode the session goes on
     * (empty).
     */
    Optional<Reply> blocked() {
        String why = "the address was temporarily blocked during the session";
        Verdict close = snapshot.checks().report(facts, Verdict.disconnect(TemporaryBlockCheck.NAME,
                Reply.of(421, "4.7.0", limits.hostName() + " Your address is temporarily blocked, closing connection"),
                why, new Match.Other(TemporaryBlockCheck.NAME, "", why)));
        if (close.passes()) {
            return Optional.empty();
        }
        endReason = "blocked";
        state = State.CLOSED;
        return Optional.of(decorate(close.reply()));
    }

    /**
     * A limit of the session was reached ({@code check}, e.g. too many failed logins): a decision
     * recorded like any other; unless its check runs in monitor mode, {@code reply} is answered,
     * then the closing reply, and the session ends for {@code reason}.
     */
    SmtpResponse closeByPolicy(String check, String reason, Reply reply, Reply close, String why) {
        Verdict applied = snapshot.checks().report(facts, Verdict.disconnect(check, close, why,
                new Match.Other(check, "", why)));
        return applied.passes() ? SmtpResponse.of(reply) : closing(reason, reply, decorate(applied.reply()));
    }

    /** How long the client may keep us waiting for its next line. */
    Duration inputTimeout() {
        return state == State.DATA ? limits.dataTimeout() : limits.commandTimeout();
    }

    /** The connection is gone: undo the transaction, free the message buffer, summarise the session. */
    void close() {
        boolean first = !summarised;
        summarised = true;
        state = State.CLOSED;
        resetTransaction();
        if (first && counted) {
            snapshot.checks().sessionEnded(facts.summary());
        }
    }

    boolean receivingData() {
        return state == State.DATA;
    }

    boolean awaitingCredentials() {
        return state == State.AUTH;
    }

    String endReason() {
        return endReason;
    }

    SessionLimits limits() {
        return limits;
    }

    String sessionReference() {
        return facts.sessionReference();
    }
}
