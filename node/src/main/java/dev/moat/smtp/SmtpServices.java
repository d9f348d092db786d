package dev.moat.smtp;

import dev.moat.delivery.Delivery;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Authenticator;
import dev.moat.policy.SessionEvents;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * What every SMTP session of a node shares: the current settings snapshot with its checks and
 * classifier (each session keeps the one it started with), the hand-off, the authenticator,
 * the event listener and the meters. {@code tls} is null when STARTTLS is
 * switched off.
 */
public record SmtpServices(
        Supplier<SessionSnapshot> snapshot,
        Supplier<Delivery> delivery,
        Authenticator authenticator,
        SessionEvents events,
        MoatMetrics metrics,
        Supplier<SslContext> tls,
        ConnectionLimiter limiter) {
}
