package dev.moat.smtp;

import dev.moat.delivery.Sender;
import dev.moat.delivery.Transaction;
import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Classification;
import dev.moat.policy.Effect;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Stage;
import dev.moat.policy.Verdict;
import dev.moat.settings.EffectiveSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SMTP conversation of one connection (RFC 5321, with PIPELINING, SIZE, 8BITMIME,
 * ENHANCEDSTATUSCODES, STARTTLS and AUTH): it takes lines and answers with replies and what
 * to do next, possibly later when a check or the hand-off answers. It knows nothing about
 * sockets; {@link SmtpSessionHandler} carries its answers to the wire. It is also the
 * {@link CheckContext} its checks read. The client is classified once, when the session is
 * made. Effects of passing verdicts (a header to add) are kept for as long as their stage
 * holds: CONNECT for the session, HELO until the next HELO, MAIL and an accepted RCPT for the
 * transaction; each distinct one is applied once to every message they cover. Used from one
 * event loop thread only.
 */
final class SmtpSession implements CheckContext {

    /** What the connection does after the replies are written. */
    enum Next { READ, START_TLS, CLOSE }

    /** Replies to send, then what to do. */
    record Response(List<Reply> replies, Next next) {
        static Response of(Reply reply) {
            return new Response(List.of(reply), Next.READ);
        }
    }

    private enum State { COMMAND, DATA, AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD, CLOSED }

    private static final CompletionStage<Response> CONTINUE =
            CompletableFuture.completedFuture(new Response(List.of(), Next.READ));
    private static final int MAX_COMMAND = 510;

    private final SmtpServices services;
    private final SmtpListener listener;
    private final EffectiveSettings settings;
    private final SessionLimits limits;
    private final IpAddress client;
    private final String reference;
    private final ByteBufAllocator alloc;
    private final SmtpCommands commands;
    private final boolean counted;

    private State state = State.COMMAND;
    private Stage stage = Stage.CONNECT;
    private final Classification classification;
    private List<Effect> connectEffects = List.of();
    private List<Effect> heloEffects = List.of();
    private final Set<Effect> transactionEffects = new LinkedHashSet<>();
    private boolean tls;
    private String helo;
    private boolean extended;
    private String user;
    private String loginUser;
    private int protocolErrors;
    private String endReason = "closed";

    private MailPath sender;
    private Transaction transaction;
    private final List<MailPath> recipients = new ArrayList<>();
    private int recipientsRefused;
    private int recipientsKept;
    private MailPath judged;

    private IncomingMessage message;

    /** {@code counted} false: a proxy's own connection, whose events are counted against no one. */
    SmtpSession(SmtpServices services, SmtpListener listener, IpAddress client, String reference,
                ByteBufAllocator alloc, boolean counted) {
        this.services = services;
        this.listener = listener;
        this.settings = services.settings().get();
        this.limits = SessionLimits.from(settings);
        this.client = client;
        this.tls = listener.implicitTls();
        this.reference = reference;
        this.alloc = alloc;
        this.commands = new SmtpCommands(this);
        this.counted = counted;
        // A balancer's own connection (PROXY LOCAL or UNKNOWN) is judged on the balancer's
        // address; whatever lists hold that address, it must never make mail a Client's.
        this.classification = counted ? services.classifier().classify(client, settings)
                : new Classification(dev.moat.policy.AddressStatus.STRANGER, new dev.moat.policy.Reason.BalancerConnection(),
                        dev.moat.policy.AddressPrefix.NONE, false, java.util.Optional.empty());
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
                case DATA -> dataLine(line);
                case AUTH_PLAIN, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD -> authLine(line);
                case COMMAND -> commandLine(line);
                case CLOSED -> CONTINUE;
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
        if (line.hasBareLineEnding()) {
            return protocolError(ProtocolError.BARE_LINE_ENDING,
                    Reply.permanent(500, "5.5.2", "Bare CR or LF not allowed: lines end with CRLF"));
        }
        return commands.execute(line.text());
    }

    /** Counts a protocol error, reports it, and answers; past the limit, closes with 421. */
    CompletionStage<Response> protocolError(ProtocolError error, Reply reply) {
        protocolErrors++;
        events().protocolError(client, error, reference);
        services.metrics().protocolError(error.tag());
        if (protocolErrors >= limits.maxProtocolErrors()) {
            endReason = "too-many-errors";
            state = State.CLOSED;
            return CompletableFuture.completedFuture(new Response(List.of(reply,
                    Reply.of(421, "4.7.0", limits.hostName() + " Too many errors, closing connection")), Next.CLOSE));
        }
        return CompletableFuture.completedFuture(Response.of(reply));
    }

    // ---- transaction ------------------------------------------------------------------

    CompletionStage<Response> mail(MailPath path, long declaredSize, boolean eightBit) {
        sender = path;
        return runChecks(Stage.MAIL).thenApply(verdict -> {
            if (!verdict.passes()) {
                sender = null;
                return refusal(verdict);
            }
            transaction = services.delivery().get().begin(new Sender(path.address(), declaredSize, eightBit));
            transactionEffects.addAll(verdict.effects());
            return Response.of(Reply.ok(250, "2.1.0", "Sender " + path + " OK"));
        });
    }

    CompletionStage<Response> recipient(MailPath path) {
        if (recipients.size() >= limits.maxRecipients()) {
            return CompletableFuture.completedFuture(
                    Response.of(Reply.temporary(452, "4.5.3", "Too many recipients")));
        }
        judged = path;
        return runChecks(Stage.RCPT).thenCompose(verdict -> {
            judged = null;
            if (!verdict.passes()) {
                recipientsRefused++;
                services.metrics().recipient("refused", verdict.check());
                return CompletableFuture.completedFuture(refusal(verdict));
            }
            if (transaction == null) { // reset while the check ran
                return CompletableFuture.completedFuture(Response.of(
                        Reply.permanent(503, "5.5.1", "Need MAIL command")));
            }
            if (verdict.effects().stream().anyMatch(Effect.KeepFromNextHop.class::isInstance)) {
                // Accepted like any other recipient, so a spam trap does not reveal itself here.
                recipients.add(path);
                recipientsKept++;
                services.metrics().recipient("accepted", "router");
                return CompletableFuture.completedFuture(Response.of(Reply.ok(250, "2.1.5", "Recipient OK")));
            }
            return transaction.addRecipient(path.address()).thenApply(reply -> {
                if (reply.isPositive()) {
                    recipients.add(path);
                    transactionEffects.addAll(verdict.effects());
                    services.metrics().recipient("accepted", "next-hop");
                } else {
                    recipientsRefused++;
                    services.metrics().recipient("refused", "next-hop");
                }
                return Response.of(reply);
            });
        });
    }

    boolean inTransaction() {
        return sender != null;
    }

    boolean hasRecipients() {
        return !recipients.isEmpty();
    }

    int recipientsRefused() {
        return recipientsRefused;
    }

    /** DATA: the checks of the whole recipient list (spam traps), then 354 or a refusal of the message. */
    CompletionStage<Response> data() {
        return runChecks(Stage.DATA).thenApply(verdict -> {
            if (verdict.passes()) {
                return startData();
            }
            services.metrics().message("refused", verdict.check());
            var response = refusal(verdict);
            resetTransaction();
            return response;
        });
    }

    /** 354: the message follows. The trace header is written first. */
    Response startData() {
        state = State.DATA;
        message = new IncomingMessage(alloc, limits.maxMessageSize());
        return Response.of(Reply.of(354, "2.0.0", "End data with <CR><LF>.<CR><LF>"));
    }

    private CompletionStage<Response> dataLine(SmtpLine line) {
        if (line.isEndOfData()) {
            state = State.COMMAND;
            return endOfData();
        }
        if (message.add(line)) {
            var kind = line.isTooLong() ? ProtocolError.LINE_TOO_LONG : ProtocolError.BARE_LINE_ENDING;
            events().protocolError(client, kind, reference);
            services.metrics().protocolError(kind.tag());
            protocolErrors++;
        }
        return CONTINUE;
    }

    private CompletionStage<Response> endOfData() {
        if (message.tooBig() || message.badLine()) {
            var reply = message.tooBig()
                    ? Reply.permanent(552, "5.3.4", "Message too big (limit " + limits.maxMessageSize() + " octets)")
                    : Reply.permanent(554, "5.6.0", "Message refused: a line over 1000 octets or a bare CR or LF");
            services.metrics().message("refused", message.tooBig() ? "size" : "bad-line");
            resetTransaction();
            return CompletableFuture.completedFuture(Response.of(reply));
        }
        return runChecks(Stage.MESSAGE).thenCompose(verdict -> {
            if (!verdict.passes()) {
                services.metrics().message("refused", verdict.check());
                var response = refusal(verdict);
                resetTransaction();
                return CompletableFuture.completedFuture(response);
            }
            if (recipientsKept == recipients.size()) {
                // Every recipient was routed to null: nothing goes to the next hop.
                services.metrics().message("accepted", "discarded");
                resetTransaction();
                return CompletableFuture.completedFuture(Response.of(Reply.ok(250, "2.0.0", "Message accepted")));
            }
            long started = message.startedNanos();
            ByteBuf content = withHeaders(verdict.effects());
            message = null;
            var tx = transaction;
            return tx.send(content).thenApply(reply -> {
                services.metrics().delivery(settings.server().delivery().mode().name().toLowerCase(Locale.ROOT),
                        reply.isPositive() ? "accepted" : "refused", Duration.ofNanos(System.nanoTime() - started));
                services.metrics().message(reply.isPositive() ? "accepted" : "refused",
                        reply.isPositive() ? "delivered" : "next-hop");
                if (tx == transaction) {
                    clearTransaction();
                }
                return Response.of(reply);
            });
        });
    }

    /** The trace header, then each distinct header the session's, HELO's, transaction's and message's verdicts add. */
    private ByteBuf withHeaders(List<Effect> messageEffects) {
        var head = new StringBuilder(TraceHeader.received(helo, null, client, limits.hostName(), extended, tls,
                user != null, reference, recipients.size() == 1 ? recipients.get(0).address() : null,
                ZonedDateTime.now()));
        var effects = new LinkedHashSet<Effect>(connectEffects);
        effects.addAll(heloEffects);
        effects.addAll(transactionEffects);
        effects.addAll(messageEffects);
        for (var effect : effects) {
            if (effect instanceof Effect.AddHeader h) {
                head.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
        }
        var header = Unpooled.wrappedBuffer(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        return Unpooled.wrappedBuffer(header, message.take());
    }

    /** RSET, a new EHLO, or the end of a transaction: forgets the envelope. */
    void resetTransaction() {
        if (transaction != null) {
            transaction.abort();
        }
        clearTransaction();
    }

    private void clearTransaction() {
        transaction = null;
        sender = null;
        recipients.clear();
        transactionEffects.clear();
        recipientsRefused = 0;
        recipientsKept = 0;
        if (message != null) {
            message.release();
            message = null;
        }
    }

    // ---- HELO, STARTTLS, AUTH ----------------------------------------------------------

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

    CompletionStage<Response> authPlain(String initial) {
        if (initial == null) {
            state = State.AUTH_PLAIN;
            return CompletableFuture.completedFuture(Response.of(Reply.of(334, "", "")));
        }
        return plainCredentials(initial);
    }

    CompletionStage<Response> authLogin(String initialUser) {
        if (initialUser == null) {
            state = State.AUTH_LOGIN_USER;
            return CompletableFuture.completedFuture(Response.of(Reply.of(334, "", "VXNlcm5hbWU6")));
        }
        var decoded = Base64Text.decode(initialUser);
        if (decoded == null) {
            return authSyntax();
        }
        loginUser = decoded;
        state = State.AUTH_LOGIN_PASSWORD;
        return CompletableFuture.completedFuture(Response.of(Reply.of(334, "", "UGFzc3dvcmQ6")));
    }

    private CompletionStage<Response> authLine(SmtpLine line) {
        var current = state;
        state = State.COMMAND;
        if (line.isTooLong() || line.hasBareLineEnding()) {
            return protocolError(line.isTooLong() ? ProtocolError.LINE_TOO_LONG : ProtocolError.BARE_LINE_ENDING,
                    Reply.permanent(501, "5.5.2", "Bad authentication line"));
        }
        var text = line.text().strip();
        if (text.equals("*")) {
            return CompletableFuture.completedFuture(
                    Response.of(Reply.permanent(501, "5.0.0", "Authentication cancelled")));
        }
        return switch (current) {
            case AUTH_PLAIN -> plainCredentials(text);
            case AUTH_LOGIN_USER -> authLogin(text);
            default -> {
                var password = Base64Text.decode(text);
                yield password == null ? authSyntax() : verify(loginUser, password);
            }
        };
    }

    private CompletionStage<Response> plainCredentials(String encoded) {
        var decoded = encoded.equals("=") ? "" : Base64Text.decode(encoded);
        if (decoded == null) {
            return authSyntax();
        }
        var parts = decoded.split("\u0000", -1);
        if (parts.length != 3) {
            return authSyntax();
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return verifyFailed(parts[1], "authorization identity differs from the user");
        }
        return verify(parts[1], parts[2]);
    }

    private CompletionStage<Response> verify(String name, String password) {
        loginUser = null;
        return services.authenticator().authenticate(name, password.toCharArray(), client).thenApply(account -> {
            if (account.isEmpty()) {
                events().loginFailed(client, name, reference);
                services.metrics().login("failed");
                return Response.of(Reply.permanent(535, "5.7.8", "Authentication credentials invalid"));
            }
            user = account.get();
            events().loginSucceeded(client, user, reference);
            services.metrics().login("succeeded");
            return Response.of(Reply.ok(235, "2.7.0", "Authentication successful"));
        });
    }

    private CompletionStage<Response> verifyFailed(String name, String why) {
        events().loginFailed(client, name, reference);
        services.metrics().login("failed");
        return CompletableFuture.completedFuture(
                Response.of(Reply.permanent(535, "5.7.8", "Authentication credentials invalid: " + why)));
    }

    private CompletionStage<Response> authSyntax() {
        return protocolError(ProtocolError.SYNTAX, Reply.permanent(501, "5.5.2", "Cannot decode the response"));
    }

    // ---- checks and replies ------------------------------------------------------------

    private SessionEvents events() {
        return counted ? services.events() : SessionEvents.NONE;
    }

    private CompletionStage<Verdict> runChecks(Stage at) {
        stage = at;
        return services.checks().get().run(this);
    }

    /** A refusal carries the session reference so an administrator can find the decision. */
    Reply decorate(Reply reply) {
        return reply.withSuffix(" (ref " + reference + ")");
    }

    private Response refusal(Verdict verdict) {
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
        return state == State.COMMAND && sender == null;
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
        return state == State.AUTH_PLAIN || state == State.AUTH_LOGIN_USER || state == State.AUTH_LOGIN_PASSWORD;
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
        return Optional.ofNullable(sender);
    }

    @Override
    public Optional<MailPath> recipient() {
        return Optional.ofNullable(judged);
    }

    @Override
    public List<MailPath> recipients() {
        return List.copyOf(recipients);
    }

    @Override
    public EffectiveSettings settings() {
        return settings;
    }
}
