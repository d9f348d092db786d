package dev.moat.smtp;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.IpAddress;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Classification;
import dev.moat.policy.Effect;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.Stage;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is known about one session, as its checks read it: the client and its status, the
 * stage being judged, the HELO name, TLS, the user who logged in, the effects of the passing
 * CONNECT and HELO verdicts (which cover every message of the session), and, through the
 * {@link MailTransaction}, the envelope and the message. The session's state machine changes
 * these facts; checks only read them. Used from the session's event loop.
 */
final class SessionFacts implements CheckContext {
    private final IpAddress client;
    private final String reference;
    private final Classification classification;
    private final MailTransaction mail;
    private Stage stage = Stage.CONNECT;
    private List<Effect> connectEffects = List.of();
    private List<Effect> heloEffects = List.of();
    private boolean tls;
    private String helo;
    private boolean extended;
    private String user;

    SessionFacts(IpAddress client, String reference, Classification classification, boolean tls, MailTransaction mail) {
        this.client = client;
        this.reference = reference;
        this.classification = classification;
        this.tls = tls;
        this.mail = mail;
    }

    /** The checks of {@code at} are about to judge. */
    void judging(Stage at) {
        stage = at;
    }

    /** The greeting was sent; the CONNECT verdicts' effects cover the session. */
    void greeted(List<Effect> effects) {
        connectEffects = effects;
    }

    /** A HELO or EHLO being judged. */
    void hello(String name, boolean ehlo) {
        helo = name;
        extended = ehlo;
    }

    /** The HELO passed, with these effects; or was refused ({@code effects} null): no name is known. */
    void helloJudged(List<Effect> effects) {
        if (effects == null) {
            helo = null;
            heloEffects = List.of();
        } else {
            heloEffects = effects;
        }
    }

    /** The TLS handshake after STARTTLS completed: RFC 3207 says forget everything learned before. */
    void tlsStarted() {
        tls = true;
        helo = null;
        heloEffects = List.of();
        extended = false;
        user = null;
    }

    void loggedIn(String account) {
        user = account;
    }

    boolean tls() {
        return tls;
    }

    boolean hasHelo() {
        return helo != null;
    }

    boolean authenticated() {
        return user != null;
    }

    /** The {@code Received:} field of a message (RFC 5321 4.4, RFC 3848), without its final CRLF. */
    String traceField(String byHost, String singleRecipient) {
        String field = TraceHeader.received(helo, classification.reverseName().orElse(null), client, byHost, extended,
                tls, user != null, reference, singleRecipient, ZonedDateTime.now());
        return field.substring(0, field.length() - 2);
    }

    /** The effects of the session's CONNECT and HELO verdicts. */
    List<Effect> sessionEffects() {
        if (heloEffects.isEmpty()) {
            return connectEffects;
        }
        var all = new ArrayList<Effect>(connectEffects);
        all.addAll(heloEffects);
        return all;
    }

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
    public Optional<dev.moat.policy.SpfResult> spfResult() {
        return mail.spfResult();
    }

    @Override
    public Optional<MessageFacts> message() {
        return stage == Stage.MESSAGE ? mail.message() : Optional.empty();
    }
}
