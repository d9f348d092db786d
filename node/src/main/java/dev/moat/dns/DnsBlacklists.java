package dev.moat.dns;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.policy.RblAnswers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The RBL answers for a client address from the zones of one settings snapshot, in their
 * order (the server's own, then the cluster-wide ones: NOTES): every zone is asked at once
 * (start early, read late), so the wait is the slowest zone's, not the sum. An allow-list zone
 * that lists the address makes it a White Hole for the connection, whatever the blacklists say;
 * otherwise the first blacklist in order that lists it decides, with its TXT record when it has
 * one, cleaned to printable ASCII for the reply. A zone that does not answer lists nothing;
 * its error codes and answers outside 127/8 are counted and logged, never a listing. Unhealthy
 * zones are skipped when {@code skipUnhealthy}. Never completes exceptionally.
 */
public final class DnsBlacklists implements RblAnswers {
    /** The most of a zone's TXT text that goes into a reply. */
    static final int MAX_TEXT = 200;
    private static final Logger log = LoggerFactory.getLogger(DnsBlacklists.class);

    private final DnsResolver resolver;
    private final List<RblZone> zones;
    private final ZoneHealth health;
    private final boolean skipUnhealthy;
    private final MoatMetrics metrics;

    public DnsBlacklists(DnsResolver resolver, List<RblZone> zones, ZoneHealth health, boolean skipUnhealthy,
            MoatMetrics metrics) {
        this.resolver = resolver;
        this.zones = List.copyOf(zones);
        this.health = health;
        this.skipUnhealthy = skipUnhealthy;
        this.metrics = metrics;
        health.watch(this.zones);
    }

    /** The zones, in the order they decide. */
    public List<RblZone> zones() {
        return zones;
    }

    /** What is wrong with {@code zone}, empty while it is healthy. */
    public String problem(RblZone zone) {
        return health.problem(zone);
    }

    @Override
    public CompletionStage<Optional<Listed>> firstListing(IpAddress address) {
        List<CompletionStage<Optional<Listed>>> allow = new ArrayList<>();
        List<CompletionStage<Optional<Listed>>> block = new ArrayList<>();
        for (RblZone zone : zones) {
            if (skipUnhealthy && !health.problem(zone).isEmpty()) {
                continue;
            }
            (zone.allowList() ? allow : block).add(ask(zone, address));
        }
        CompletionStage<Optional<Listed>> blocked = first(block, 0);
        return first(allow, 0).thenCompose(allowed -> allowed.isPresent()
                ? CompletableFuture.completedFuture(allowed) : blocked);
    }

    /** The first listing of {@code asked} in order, waiting only for the zones before it. */
    private static CompletionStage<Optional<Listed>> first(List<CompletionStage<Optional<Listed>>> asked, int from) {
        if (from == asked.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return asked.get(from).thenCompose(listed -> listed.isPresent()
                ? CompletableFuture.completedFuture(listed) : first(asked, from + 1));
    }

    private CompletionStage<Optional<Listed>> ask(RblZone zone, IpAddress address) {
        Name name;
        try {
            name = Name.fromString(zone.queryName(address));
        } catch (TextParseException e) {
            log.warn("RBL zone {} cannot be asked: {}", zone.zone(), e.getMessage());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return resolver.query(name, Type.A, zone.servers()).thenCompose(answer -> {
            health.answered(zone, answer);
            Optional<IpAddress> listed = listing(zone, answer);
            if (listed.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Listed>empty());
            }
            return resolver.query(name, Type.TXT, zone.servers()).thenApply(txt ->
                    Optional.of(new Listed(zone.zone(), listed.get().toString(), text(txt), zone.allowList())));
        });
    }

    /** The answer that lists, if any; error codes and answers outside 127/8 are reported. */
    private Optional<IpAddress> listing(RblZone zone, DnsAnswer answer) {
        if (!(answer instanceof DnsAnswer.Records records)) {
            return Optional.empty();
        }
        Optional<IpAddress> listed = Optional.empty();
        for (var record : records.records()) {
            IpAddress value = IpAddress.of(((ARecord) record).getAddress());
            switch (zone.meaning(value)) {
                case LISTED -> listed = listed.or(() -> Optional.of(value));
                case ERROR_CODE -> {
                    metrics.rblError(zone.zone(), "code");
                    health.refused(zone, value);
                }
                case OUTSIDE -> {
                    metrics.rblError(zone.zone(), "outside");
                    log.warn("RBL zone {} answered {}, outside 127.0.0.0/8: not a listing", zone.zone(), value);
                }
                case NOT_LISTED -> { }
            }
        }
        return listed;
    }

    /** The TXT strings joined, as printable ASCII of at most {@value #MAX_TEXT} characters; empty without one. */
    static String text(DnsAnswer answer) {
        if (!(answer instanceof DnsAnswer.Records records)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (var record : records.records()) {
            for (byte[] part : ((TXTRecord) record).getStringsAsByteArrays()) {
                for (int i = 0; i < part.length && out.length() < MAX_TEXT; i++) {
                    int c = part[i] & 0xff;
                    out.append(c >= 0x20 && c < 0x7f ? (char) c : ' ');
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out.toString().strip();
    }
}
