package dev.moat.smtp;

/**
 * One listening socket: where it binds and how connections on it start. {@code implicitTls}
 * is the {@code smtps} kind (TLS from the first byte); {@code requireTls} is {@code submission}
 * (no mail transaction before STARTTLS).
 */
public record SmtpListener(String name, String address, int port, boolean implicitTls, boolean requireTls) {
}
