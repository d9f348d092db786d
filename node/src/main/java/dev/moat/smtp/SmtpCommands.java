package dev.moat.smtp;

import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.policy.ProtocolError;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Parses one command line and checks its syntax and its place in the sequence (RFC 5321
 * sections 4.1 and 4.3.2), answering errors itself and handing valid commands to the
 * session. Unknown commands, commands out of order and syntax errors are protocol errors:
 * counted, reported, answered with the right 5xx; the session goes on.
 */
final class SmtpCommands {
    private static final List<String> HELP = List.of(
            "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
            "See RFC 5321");

    private final SmtpSession session;

    SmtpCommands(SmtpSession session) {
        this.session = session;
    }

    CompletionStage<SmtpResponse> execute(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c > 126 || (c < 32 && c != '\t')) {
                return syntax(500, "5.5.2", "Syntax error: only ASCII is allowed in commands");
            }
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> hello(arg, true);
            case "HELO" -> hello(arg, false);
            case "MAIL" -> mail(arg);
            case "RCPT" -> rcpt(arg);
            case "DATA" -> data(arg);
            case "RSET" -> rset(arg);
            case "NOOP" -> reply(Reply.ok(250, "2.0.0", "OK"));
            case "QUIT" -> done(session.quit());
            case "VRFY" -> arg.isBlank()
                    ? syntax(501, "5.5.4", "Syntax: VRFY <address>")
                    : reply(Reply.ok(252, "2.5.0", "Cannot VRFY user, but will accept the message and attempt delivery"));
            case "EXPN" -> reply(Reply.permanent(502, "5.5.1", "EXPN is not implemented"));
            case "HELP" -> reply(new Reply(214, "2.0.0", HELP));
            case "STARTTLS" -> startTls(arg);
            case "AUTH" -> auth(arg);
            case "" -> syntax(500, "5.5.2", "Syntax error: empty command");
            default -> session.protocolError(ProtocolError.UNKNOWN_COMMAND,
                    Reply.permanent(500, "5.5.1", "Command unrecognized"));
        };
    }

    private CompletionStage<SmtpResponse> hello(String arg, boolean ehlo) {
        String name = arg.strip();
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            return syntax(501, "5.5.4", "Syntax: " + (ehlo ? "EHLO" : "HELO") + " <hostname>");
        }
        return session.hello(name, ehlo);
    }

    private CompletionStage<SmtpResponse> mail(String arg) {
        if (!session.facts().hasHelo()) {
            return sequence("Send HELO or EHLO first");
        }
        if (session.transaction().inTransaction()) {
            return sequence("Sender already given; RSET to start over");
        }
        if (session.mustStartTlsFirst()) {
            return reply(Reply.permanent(530, "5.7.0", "Must issue a STARTTLS command first"));
        }
        if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) {
            return syntax(501, "5.5.4", "Syntax: MAIL FROM:<address>");
        }
        var parsed = MailPath.parse(arg.substring(5).stripLeading(), true);
        if (!parsed.ok()) {
            return syntax(501, "5.1.7", "Bad sender address syntax: " + parsed.error());
        }
        long size = -1;
        boolean eightBit = false;
        for (String param : parsed.rest().isEmpty() ? new String[0] : parsed.rest().split(" +")) {
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            switch (key) {
                case "SIZE" -> {
                    size = parseSize(value);
                    if (size < 0) {
                        return syntax(501, "5.5.4", "Bad SIZE parameter");
                    }
                    if (size > session.limits().maxMessageSize()) {
                        return reply(Reply.permanent(552, "5.3.4",
                                "Message too big (limit " + session.limits().maxMessageSize() + " octets)"));
                    }
                }
                case "BODY" -> {
                    if ("8BITMIME".equalsIgnoreCase(value)) {
                        eightBit = true;
                    } else if (!"7BIT".equalsIgnoreCase(value)) {
                        return syntax(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                    }
                }
                case "AUTH" -> {
                    // RFC 4954 section 5: accepted, and not trusted.
                }
                default -> {
                    return reply(Reply.permanent(555, "5.5.4", "MAIL FROM parameter " + key + " not recognized"));
                }
            }
        }
        return session.transaction().mail(parsed.path(), size, eightBit);
    }

    private CompletionStage<SmtpResponse> rcpt(String arg) {
        if (!session.transaction().inTransaction()) {
            return sequence("Need MAIL command first");
        }
        if (!arg.regionMatches(true, 0, "TO:", 0, 3)) {
            return syntax(501, "5.5.4", "Syntax: RCPT TO:<address>");
        }
        var parsed = MailPath.parse(arg.substring(3).stripLeading(), false);
        if (!parsed.ok()) {
            return syntax(501, "5.1.3", "Bad recipient address syntax: " + parsed.error());
        }
        if (!parsed.rest().isEmpty()) {
            return reply(Reply.permanent(555, "5.5.4", "RCPT TO parameters not recognized"));
        }
        return session.transaction().recipient(parsed.path());
    }

    private CompletionStage<SmtpResponse> data(String arg) {
        if (!arg.isEmpty()) {
            return syntax(501, "5.5.4", "Syntax: DATA");
        }
        if (!session.transaction().inTransaction()) {
            return sequence("Need MAIL command first");
        }
        if (!session.transaction().hasRecipients()) {
            if (session.transaction().recipientsRefused() > 0) {
                return reply(Reply.permanent(554, "5.5.1", "No valid recipients"));
            }
            return sequence("Need RCPT command first");
        }
        return session.transaction().data();
    }

    private CompletionStage<SmtpResponse> rset(String arg) {
        if (!arg.isBlank()) {
            return syntax(501, "5.5.4", "Syntax: RSET");
        }
        session.resetTransaction();
        return reply(Reply.ok(250, "2.0.0", "OK"));
    }

    private CompletionStage<SmtpResponse> startTls(String arg) {
        if (!arg.isEmpty()) {
            return syntax(501, "5.5.4", "Syntax: STARTTLS");
        }
        if (!session.tlsAvailable()) {
            return reply(Reply.permanent(502, "5.5.1", "STARTTLS not available"));
        }
        if (session.facts().tls()) {
            return sequence("TLS already active");
        }
        return done(new SmtpResponse(List.of(Reply.ok(220, "2.0.0", "Ready to start TLS")),
                SmtpResponse.Next.START_TLS));
    }

    private CompletionStage<SmtpResponse> auth(String arg) {
        if (!session.facts().hasHelo()) {
            return sequence("Send EHLO first");
        }
        if (session.facts().authenticated()) {
            return sequence("Already authenticated");
        }
        if (session.transaction().inTransaction()) {
            return sequence("AUTH not allowed during a mail transaction");
        }
        if (!session.authOffered()) {
            return reply(Reply.permanent(538, "5.7.11", "Encryption required: use STARTTLS first"));
        }
        String[] parts = arg.strip().split(" +");
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (parts.length > 2 || mechanism.isEmpty()) {
            return syntax(501, "5.5.4", "Syntax: AUTH <mechanism> [initial-response]");
        }
        String initial = parts.length == 2 ? parts[1] : null;
        return switch (mechanism) {
            case "PLAIN" -> session.authPlain(initial);
            case "LOGIN" -> session.authLogin(initial);
            default -> reply(Reply.permanent(504, "5.5.4", "Unrecognized authentication mechanism"));
        };
    }

    private static long parseSize(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    private CompletionStage<SmtpResponse> sequence(String text) {
        return session.protocolError(ProtocolError.BAD_SEQUENCE, Reply.permanent(503, "5.5.1", text));
    }

    private CompletionStage<SmtpResponse> syntax(int code, String enhanced, String text) {
        return session.protocolError(ProtocolError.SYNTAX, Reply.permanent(code, enhanced, text));
    }

    private static CompletionStage<SmtpResponse> reply(Reply reply) {
        return CompletableFuture.completedFuture(SmtpResponse.of(reply));
    }

    private static CompletionStage<SmtpResponse> done(SmtpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
