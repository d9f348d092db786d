package dev.moat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends mail with Jakarta Mail (Eclipse Angus): a real SMTP client nobody on this project
 * wrote, from a chosen loopback source address.
 */
final class Mail {
    private final Properties properties = new Properties();

    Mail(int port, String sourceAddress) {
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.localaddress", sourceAddress);
        properties.put("mail.smtp.localhost", "client.example");
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "20000");
    }

    Mail startTls() {
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.trust", "*");
        // The embedded default certificate is self-signed for the host name, and we dial 127.0.0.1.
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        return this;
    }

    /** TLS from the first byte (an smtps listener, RFC 8314). */
    Mail implicitTls() {
        properties.put("mail.smtp.ssl.enable", "true");
        properties.put("mail.smtp.ssl.trust", "*");
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        return this;
    }

    Mail login(String user, String password) {
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.user", user);
        properties.put("mail.password", password);
        return this;
    }

    /**
     * On a temporary refusal of some recipients (a 452), send to the others and report the
     * refused ones as valid but unsent in the {@link jakarta.mail.SendFailedException}, for the
     * caller to send again: what a real MTA does.
     */
    Mail sendPartial() {
        properties.put("mail.smtp.sendpartial", "true");
        return this;
    }

    MimeMessage message(String from, String to, String subject, String body) throws MessagingException {
        var message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    void send(MimeMessage message) throws MessagingException {
        send(message, message.getAllRecipients());
    }

    /** One transaction, to {@code recipients} only. */
    void send(MimeMessage message, jakarta.mail.Address[] recipients) throws MessagingException {
        var session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            if (properties.containsKey("mail.smtp.user")) {
                transport.connect(properties.getProperty("mail.smtp.user"), properties.getProperty("mail.password"));
            } else {
                transport.connect();
            }
            transport.sendMessage(message, recipients);
        }
    }

    /** The bytes the client puts on the wire for the message: CRLF lines, dot-stuffed. */
    static String wireForm(MimeMessage message) throws IOException, MessagingException {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        var text = out.toString(StandardCharsets.ISO_8859_1).replaceAll("(?<!\r)\n", "\r\n");
        if (!text.endsWith("\r\n")) {
            text += "\r\n";
        }
        return text.replaceAll("(?m)^\\.", "..");
    }
}
