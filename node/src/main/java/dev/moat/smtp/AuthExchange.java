package dev.moat.smtp;

import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Authenticator;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvent;
import java.util.concurrent.CompletionStage;

/**
 * The AUTH exchange of one session (RFC 4954): PLAIN with or without an initial response, and
 * LOGIN's user name and password prompts. It decodes what the client sends, asks the
 * {@link Authenticator} (which answers later, off the event loop), and reports every login,
 * failed or not, as a session event. Malformed responses are protocol errors; {@code *}
 * cancels. Credentials never leave this class but to the authenticator.
 */
final class AuthExchange {
    private enum Step { NONE, PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    private final SmtpSession session;
    private final Authenticator authenticator;
    private final MoatMetrics metrics;
    private Step step = Step.NONE;
    private String loginUser;

    AuthExchange(SmtpSession session, Authenticator authenticator, MoatMetrics metrics) {
        this.session = session;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** Whether the next line is the client's answer to a 334 prompt. */
    boolean awaiting() {
        return step != Step.NONE;
    }

    CompletionStage<SmtpSession.Response> plain(String initial) {
        if (initial == null) {
            step = Step.PLAIN;
            return SmtpSession.Response.now(Reply.of(334, "", ""));
        }
        return plainCredentials(initial);
    }

    CompletionStage<SmtpSession.Response> login(String initialUser) {
        if (initialUser == null) {
            step = Step.LOGIN_USER;
            return SmtpSession.Response.now(Reply.of(334, "", "VXNlcm5hbWU6"));
        }
        var decoded = Base64Text.decode(initialUser);
        if (decoded == null) {
            return syntax();
        }
        loginUser = decoded;
        step = Step.LOGIN_PASSWORD;
        return SmtpSession.Response.now(Reply.of(334, "", "UGFzc3dvcmQ6"));
    }

    /** The client's answer to the last prompt. */
    CompletionStage<SmtpSession.Response> line(SmtpLine line) {
        var current = step;
        step = Step.NONE;
        if (line.isFaulty()) {
            return session.protocolError(line.fault().error(),
                    Reply.permanent(501, "5.5.2", "Bad authentication line: it holds " + line.fault().described()));
        }
        var text = line.text().strip();
        if (text.equals("*")) {
            return SmtpSession.Response.now(Reply.permanent(501, "5.0.0", "Authentication cancelled"));
        }
        return switch (current) {
            case PLAIN -> plainCredentials(text);
            case LOGIN_USER -> login(text);
            default -> {
                var password = Base64Text.decode(text);
                yield password == null ? syntax() : verify(loginUser, password);
            }
        };
    }

    private CompletionStage<SmtpSession.Response> plainCredentials(String encoded) {
        var decoded = encoded.equals("=") ? "" : Base64Text.decode(encoded);
        if (decoded == null) {
            return syntax();
        }
        var parts = decoded.split("\u0000", -1);
        if (parts.length != 3) {
            return syntax();
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            failed(parts[1]);
            return SmtpSession.Response.now(Reply.permanent(535, "5.7.8",
                    "Authentication credentials invalid: authorization identity differs from the user"));
        }
        return verify(parts[1], parts[2]);
    }

    private CompletionStage<SmtpSession.Response> verify(String name, String password) {
        loginUser = null;
        var client = session.clientAddress();
        return authenticator.authenticate(name, password.toCharArray(), client).thenApply(account -> {
            if (account.isEmpty()) {
                failed(name);
                return SmtpSession.Response.of(Reply.permanent(535, "5.7.8", "Authentication credentials invalid"));
            }
            session.loggedIn(account.get());
            session.report(new SessionEvent.LoginSucceeded(client, account.get(), session.sessionReference()));
            metrics.login("succeeded");
            return SmtpSession.Response.of(Reply.ok(235, "2.7.0", "Authentication successful"));
        });
    }

    private void failed(String name) {
        session.report(new SessionEvent.LoginFailed(session.clientAddress(), name, session.sessionReference()));
        metrics.login("failed");
    }

    private CompletionStage<SmtpSession.Response> syntax() {
        return session.protocolError(ProtocolError.SYNTAX, Reply.permanent(501, "5.5.2", "Cannot decode the response"));
    }
}
