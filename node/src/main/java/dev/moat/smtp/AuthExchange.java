package dev.moat.smtp;

import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Authenticator;
import dev.moat.policy.Login;
import dev.moat.policy.ProtocolError;
import dev.moat.policy.SessionEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The AUTH exchange of one session (RFC 4954): PLAIN with or without an initial response, and
 * LOGIN's user name and password prompts. It decodes what the client sends, asks the
 * {@link Authenticator} (which answers later, off the event loop), and reports every login,
 * failed or not, as a session event. The failure that reaches {@code smtp.auth.max-failures}
 * in one session gets its 535 and then 421 and the session is closed; an authenticator too
 * busy to verify gets 454, which is no failed login (no event) but counts toward that limit. Malformed responses are protocol
 * errors; {@code *} cancels. Credentials never leave this class but to the authenticator.
 */
final class AuthExchange {
    /** The check that closes a session after {@code smtp.auth.max-failures} unsuccessful AUTH commands. */
    static final String LOGIN_FAILURES = "login-failures";

    private enum Step { NONE, PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    private final SmtpSession session;
    private final Authenticator authenticator;
    private final MoatMetrics metrics;
    private Step step = Step.NONE;
    private String loginUser;
    private int unsuccessful;

    AuthExchange(SmtpSession session, Authenticator authenticator, MoatMetrics metrics) {
        this.session = session;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** Whether the next line is the client's answer to a 334 prompt. */
    boolean awaiting() {
        return step != Step.NONE;
    }

    CompletionStage<SmtpResponse> plain(String initial) {
        if (initial == null) {
            step = Step.PLAIN;
            return SmtpResponse.now(Reply.of(334, "", ""));
        }
        return plainCredentials(initial);
    }

    CompletionStage<SmtpResponse> login(String initialUser) {
        if (initialUser == null) {
            step = Step.LOGIN_USER;
            return SmtpResponse.now(Reply.of(334, "", "VXNlcm5hbWU6"));
        }
        var decoded = Base64Text.decode(initialUser);
        if (decoded == null) {
            return syntax();
        }
        loginUser = decoded;
        step = Step.LOGIN_PASSWORD;
        return SmtpResponse.now(Reply.of(334, "", "UGFzc3dvcmQ6"));
    }

    /** The client's answer to the last prompt. */
    CompletionStage<SmtpResponse> line(SmtpLine line) {
        var current = step;
        step = Step.NONE;
        if (line.isFaulty()) {
            return session.protocolError(line.fault().error(),
                    Reply.permanent(501, "5.5.2", "Bad authentication line: it holds " + line.fault().described()));
        }
        var text = line.text().strip();
        if (text.equals("*")) {
            return SmtpResponse.now(Reply.permanent(501, "5.0.0", "Authentication cancelled"));
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

    private CompletionStage<SmtpResponse> plainCredentials(String encoded) {
        var decoded = encoded.equals("=") ? "" : Base64Text.decode(encoded);
        if (decoded == null) {
            return syntax();
        }
        var parts = decoded.split("\u0000", -1);
        if (parts.length != 3) {
            return syntax();
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return CompletableFuture.completedFuture(failed(parts[1],
                    "Authentication credentials invalid: authorization identity differs from the user"));
        }
        return verify(parts[1], parts[2]);
    }

    private CompletionStage<SmtpResponse> verify(String name, String password) {
        loginUser = null;
        var client = session.facts().clientAddress();
        return authenticator.authenticate(name, password.toCharArray(), client).thenApply(login -> {
            if (login instanceof Login.Succeeded ok) {
                session.facts().loggedIn(ok.account());
                session.report(new SessionEvent.LoginSucceeded(client, ok.account(), session.facts().sessionReference()));
                metrics.login("succeeded");
                return SmtpResponse.of(Reply.ok(235, "2.7.0", "Authentication successful"));
            }
            if (login instanceof Login.Busy busy) {
                // Nothing was verified, so this is no failed login; it still counts toward the
                // session's limit, so that one connection cannot hammer a busy pool for free.
                metrics.loginBusy(busy.reason());
                return unsuccessful(Reply.temporary(454, "4.7.0",
                        "Temporary authentication failure: password checking is busy, try again later"));
            }
            return failed(name, "Authentication credentials invalid");
        });
    }

    /** A failed login: reported and counted. */
    private SmtpResponse failed(String name, String text) {
        session.report(new SessionEvent.LoginFailed(session.facts().clientAddress(), name, session.facts().sessionReference()));
        metrics.login("failed");
        return unsuccessful(Reply.permanent(535, "5.7.8", text));
    }

    /** An AUTH that did not log in; the one that reaches smtp.auth.max-failures ends the session. */
    private SmtpResponse unsuccessful(Reply reply) {
        if (++unsuccessful >= session.limits().maxAuthFailures()) {
            return session.closeByPolicy(LOGIN_FAILURES, "too-many-login-failures", reply, Reply.of(421, "4.7.0",
                    session.limits().hostName() + " Too many failed logins, closing connection"),
                    unsuccessful + " unsuccessful AUTH commands (smtp.auth.max-failures is "
                            + session.limits().maxAuthFailures() + ")");
        }
        return SmtpResponse.of(reply);
    }

    private CompletionStage<SmtpResponse> syntax() {
        return session.protocolError(ProtocolError.SYNTAX, Reply.permanent(501, "5.5.2", "Cannot decode the response"));
    }
}
