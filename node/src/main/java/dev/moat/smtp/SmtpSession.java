package dev.moat.smtp;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Classification;
import dev.moat.policy.Effect;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.time.ZonedDateTime;
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
 * the envelope, the message and the hand-off. It knows nothing about sockets ({@link
 * SmtpSessionHandler} carries its answers to the wire) and nothing about spam: it is the
 * {@link CheckContext} the checks of its snapshot read. The client was classified before the
 * session was made. Effects of passing CONNECT and HELO verdicts (a header to add) last as
 * long as their stage. Used from one event loop thread only.
 */
final class SmtpSession implements CheckContext {

    /** What the connection does after the replies are written. */
    enum Next { READ, START_TLS, CLOSE }

    /** Replies to send, then what to do. */
    record Response(List<Reply> replies, Next next) {
        static final CompletionStage<Response> CONTINUE =
                CompletableFuture.completedFuture(new Response(List.of(), Next.READ));

        static Response of(Reply reply) {
            return new Response(List.of(reply), Next.READ);
        }

        /** One reply, at once. */
        static CompletionStage<Response> now(Reply reply) {
            return CompletableFuture.completedFuture(of(reply));
        }
    }

    private enum State { COMMAND, DATA, AUTH, CLOSED }

    private static final int MAX_COMMAND = 510;

    private final SmtpServices services;
    private final SmtpListener listener;
    private final SessionSnapshot snapshot;
    private final SessionLimits limits;
    private final IpAddress client;
    private final String reference;
    private final Classification classification;
    private final boolean counted;
    private final SmtpCommands commands;
    private final AuthExchange auth;
    private final MailTransaction mail;

    private State state = State.COMMAND;
    private Stage stage = Stage.CONNECT;
    private List<Effect> connectEffects = List.of();
    private List<Effect> heloEffects = List.of();
    private boolean tls;
    private String helo;
    private boolean extended;
    private String user;
    private int protocolErrors;
    private String endReason = "closed";

    /** {@code counted} false: a proxy's own connection, whose events are counted against no one. */
    SmtpSession(SmtpServices services, SessionSnapshot snapshot, SmtpListener listener, IpAddress client,
            Classification classification, String reference, ByteBufAllocator alloc, boolean counted) {
        this.services = services;
        this.snapshot = snapshot;
        this.listener = listener;
        this.limits = SessionLimits.from(snapshot.settings());
        this.client = client;
        this.classification = classification;
        this.tls = listener.implicitTls();
        this.reference = reference;
        this.counted = counted;
        this.commands = new SmtpCommands(this);
        this.auth = new AuthExchange(this, services.authenticator(), services.metrics());
        this.mail = new MailTransaction(this, services, snapshot, limits, alloc);
    }

    // ---- the conversation -------------------------------------------------------------

    /** Runs the connect checks: the greeting or a refusal. */
    CompletionStage<Response> open() {
        return runChecks(Stage.CONNECT).thenApply(verdict -> {
            if (verdict.passes()) {
                connectEffects = verdict.effects();
                return Response.of(Reply.of(220, "", limits.hostName() + " " + limits.greeting()));
            }
            endReason = "refused";
            return new Response(List.of(decorate(verdict.reply())), Next.CLOSE);
        });
    }

    CompletionStage<Response> onLine(SmtpLine line) {
        try {
            return switch (state) {
                case DATA -> mail.dataLine(line);
                case AUTH -> credentialLine(line);
                case COMMAND -> commandLine(line);
                case CLOSED -> Response.CONTINUE;
            };
        } finally {
            line.release();
        }
    }

    private CompletionStage<Response> commandLine(SmtpLine line) {
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

    /** Counts a protocol error, reports it, and answers; past the limit, closes with 421. */
    CompletionStage<Response> protocolError(ProtocolError error, Reply reply) {
        countProtocolError(error);
        if (protocolErrors >= limits.maxProtocolErrors()) {
            return CompletableFuture.completedFuture(closing("too-many-errors", reply,
                    Reply.of(421, "4.7.0", limits.hostName() + " Too many errors, closing connection")));
        }
        return Response.now(reply);
    }

    /** These replies end the session, which Moat closes for {@code reason} (a meter tag). */
    Response closing(String reason, Reply... replies) {
        endReason = reason;
        state = State.CLOSED;
        return new Response(List.of(replies), Next.CLOSE);
    }

    /** Counts and reports a protocol error whose answer comes later (a bad line inside DATA). */
    void countProtocolError(ProtocolError error) {
        protocolErrors++;
        report(new SessionEvent.ProtocolViolation(client, error, reference));
        services.metrics().protocolError(error.tag());
    }

    /** Reports an event against the client address; a proxy's own connection reports none. */
    void report(SessionEvent event) {
        (counted ? services.events() : SessionEvents.NONE).on(event);
    }

    // ---- the transaction and AUTH, by the parts that hold them -------------------------

    CompletionStage<Response> mail(MailPath path, long declaredSize, boolean eightBit) {
        return mail.mail(path, declaredSize, eightBit);
    }

    CompletionStage<Response> recipient(MailPath path) {
        return mail.recipient(path);
    }

    CompletionStage<Response> data() {
        return mail.data();
    }

    boolean inTransaction() {
        return mail.inTransaction();
    }

    boolean hasRecipients() {
        return mail.hasRecipients();
    }

    int recipientsRefused() {
        return mail.recipientsRefused();
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

    CompletionStage<Response> authPlain(String initial) {
        return awaitCredentials(auth.plain(initial));
    }

    CompletionStage<Response> authLogin(String initialUser) {
        return awaitCredentials(auth.login(initialUser));
    }

    private CompletionStage<Response> credentialLine(SmtpLine line) {
        state = State.COMMAND;
        return awaitCredentials(auth.line(line));
    }

    private CompletionStage<Response> awaitCredentials(CompletionStage<Response> answer) {
        if (auth.awaiting()) {
            state = State.AUTH;
        }
        return answer;
    }

    /** A login succeeded as {@code account}. */
    void loggedIn(String account) {
        user = account;
    }

    // ---- HELO, STARTTLS ----------------------------------------------------------------

    CompletionStage<Response> hello(String name, boolean ehlo) {
        resetTransaction();
        helo = name;
        extended = ehlo;
        return runChecks(Stage.HELO).thenApply(verdict -> {
            if (!verdict.passes()) {
                helo = null;
                heloEffects = List.of();
                return refusal(verdict);
            }
            heloEffects = verdict.effects();
            if (!ehlo) {
                return Response.of(Reply.of(250, "", limits.hostName()));
            }
            var lines = new ArrayList<String>();
            lines.add(limits.hostName() + " greets " + name + " [" + client + "]");
            lines.add("PIPELINING");
            lines.add("SIZE " + limits.maxMessageSize());
            lines.add("8BITMIME");
            lines.add("ENHANCEDSTATUSCODES");
            if (tlsAvailable() && !tls) {
                lines.add("STARTTLS");
            }
            if (authOffered() && user == null) {
                lines.add("AUTH PLAIN LOGIN");
            }
            return Response.of(new Reply(250, "", lines));
        });
    }

    boolean hasHelo() {
        return helo != null;
    }

    boolean tlsAvailable() {
        return services.tls().get() != null;
    }

    boolean tlsActive() {
        return tls;
    }

    /** AUTH is offered over TLS, or in the clear when the settings allow it. */
    boolean authOffered() {
        return tls || limits.allowPlaintextAuth();
    }

    /** On a submission listener no mail transaction starts before TLS (RFC 6409, RFC 3207). */
    boolean mustStartTlsFirst() {
        return listener.requireTls() && !tls;
    }

    boolean authenticated() {
        return user != null;
    }

    /** The handshake after STARTTLS completed: RFC 3207 says forget everything learned before. */
    void tlsStarted() {
        tls = true;
        resetTransaction();
        helo = null;
        heloEffects = List.of();
        extended = false;
        user = null;
    }

    /** The {@code Received:} field of a message of this session (RFC 5321 4.4, RFC 3848), without its final CRLF. */
    String traceField(String singleRecipient) {
        String field = TraceHeader.received(helo, classification.reverseName().orElse(null), client,
                limits.hostName(), extended, tls, user != null, reference, singleRecipient, ZonedDateTime.now());
        return field.substring(0, field.length() - 2);
    }

    /** The effects of the session's CONNECT and HELO verdicts, which cover each of its messages. */
    List<Effect> sessionEffects() {
        if (heloEffects.isEmpty()) {
            return connectEffects;
        }
        var all = new ArrayList<Effect>(connectEffects);
        all.addAll(heloEffects);
        return all;
    }

    // ---- checks and replies ------------------------------------------------------------

    CompletionStage<Verdict> runChecks(Stage at) {
        stage = at;
        return snapshot.checks().run(this);
    }

    /** A refusal carries the session reference so an administrator can find the decision. */
    Reply decorate(Reply reply) {
        return reply.withSuffix(" (ref " + reference + ")");
    }

    Response refusal(Verdict verdict) {
        var reply = decorate(verdict.reply());
        if (verdict.action() == Verdict.Action.DISCONNECT) {
            endReason = "disconnected-by-check";
            state = State.CLOSED;
            return new Response(List.of(reply), Next.CLOSE);
        }
        return Response.of(reply);
    }

    Response quit() {
        endReason = "quit";
        state = State.CLOSED;
        return new Response(List.of(Reply.ok(221, "2.0.0", limits.hostName() + " Bye")), Next.CLOSE);
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

    /** How long the client may keep us waiting for its next line. */
    Duration inputTimeout() {
        return state == State.DATA ? limits.dataTimeout() : limits.commandTimeout();
    }

    /** The connection is gone: undo the transaction and free the message buffer. */
    void close() {
        state = State.CLOSED;
        resetTransaction();
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

    // ---- CheckContext ------------------------------------------------------------------

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public String sessionReference() {
        return reference;
    }

    @Override
    public IpAddress clientAddress() {
        return client;
    }

    @Override
    public Classification classification() {
        return classification;
    }

    @Override
    public Optional<String> heloName() {
        return Optional.ofNullable(helo);
    }

    @Override
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(user);
    }

    @Override
    public Optional<MailPath> sender() {
        return mail.sender();
    }

    @Override
    public Optional<Recipient> recipient() {
        return mail.judged();
    }

    @Override
    public List<Recipient> recipients() {
        return mail.recipients();
    }

    @Override
    public Optional<MessageFacts> message() {
        return stage == Stage.MESSAGE ? mail.message() : Optional.empty();
    }
}
