package dev.moat.settings;

/**
 * What a listener is for, written in settings in lower case: {@code smtp} (mail from other
 * servers, STARTTLS offered), {@code submission} (mail from users, RFC 6409) and {@code smtps}
 * (submission with implicit TLS, RFC 8314), which needs TLS enabled.
 */
public enum ListenerKind {
    SMTP,
    SUBMISSION,
    SMTPS
}
