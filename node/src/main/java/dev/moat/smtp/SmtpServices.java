package dev.moat.smtp;

import dev.moat.delivery.Delivery;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Authenticator;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.SessionReferences;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * What every SMTP session of a node shares: the current settings snapshot with its checks and
 * classifier (each session keeps the one it started with), the hand-off, the authenticator,
 * the event listener, the meters and the maker of session references (unique in the cluster).
 * {@code tls} is null when STARTTLS is switched off.
 */
public record SmtpServices(
        Supplier<SessionSnapshot> snapshot,
        Supplier<Delivery> delivery,
        Authenticator authenticator,
        SessionEvents events,
        MoatMetrics metrics,
        Supplier<SslContext> tls,
        ConnectionLimiter limiter,
        SessionReferences references) {

    /** As above, with references under a random tag: a node alone (tests, tools). */
    public SmtpServices(Supplier<SessionSnapshot> snapshot, Supplier<Delivery> delivery, Authenticator authenticator,
            SessionEvents events, MoatMetrics metrics, Supplier<SslContext> tls, ConnectionLimiter limiter) {
        this(snapshot, delivery, authenticator, events, metrics, tls, limiter, SessionReferences.unclaimed());
    }
}
