package dev.moat.settings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code callout} section: Reverse Connect (the chapter's sender callout), off unless
 * {@code enabled}. At MAIL FROM, after the Return-Path checks, Moat connects to the Return-Path
 * domain's MX hosts on {@code port}, each connection within {@code connectTimeout}, each reply
 * within {@code replyTimeout}, the whole callout within {@code totalTimeout}; an address the
 * server accepted is remembered cluster-wide for {@code acceptedLifetime}, one it refused for
 * {@code refusedLifetime}; at most {@code maxPerDomain} callouts to one Return-Path domain run
 * at once on a node. Both layers hold the section: {@link #combine} is its row of the merge.
 */
public record CalloutSection(boolean enabled, int port, Duration connectTimeout, Duration replyTimeout,
        Duration totalTimeout, Duration acceptedLifetime, Duration refusedLifetime, int maxPerDomain) {

    public CalloutSection {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(acceptedLifetime, "acceptedLifetime");
        Objects.requireNonNull(refusedLifetime, "refusedLifetime");
    }

    /** The section of a document without one: off, with the defaults below. */
    public static CalloutSection defaults() {
        return read(MappingReader.root(Optional.empty(), new ErrorList()));
    }

    static CalloutSection read(MappingReader r) {
        return new CalloutSection(
                r.bool("enabled", false),
                r.integer("port", 25, 1, 65535),
                r.duration("connect-timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(1)),
                r.duration("reply-timeout", Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMinutes(5)),
                r.duration("total-timeout", Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMinutes(5)),
                r.duration("accepted-lifetime", Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofDays(30)),
                r.duration("refused-lifetime", Duration.ofHours(2), Duration.ofSeconds(1), Duration.ofDays(30)),
                r.integer("max-per-domain", 5, 1, 1000));
    }

    /**
     * Server-wide and cluster-wide: on when either layer enables it; every other field from the
     * cluster-wide section when the cluster document holds one (the results are shared by the
     * whole cluster, so their lifetimes should be the same everywhere), else the server's.
     */
    static CalloutSection combine(CalloutSection server, Optional<CalloutSection> cluster) {
        if (cluster.isEmpty()) {
            return server;
        }
        CalloutSection c = cluster.get();
        return new CalloutSection(server.enabled() || c.enabled(), c.port(), c.connectTimeout(), c.replyTimeout(),
                c.totalTimeout(), c.acceptedLifetime(), c.refusedLifetime(), c.maxPerDomain());
    }
}
