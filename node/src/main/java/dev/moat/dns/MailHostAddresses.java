package dev.moat.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The addresses of a domain's mail servers, in the order SMTP tries them (RFC 5321 5.1): its MX
 * hosts by preference, lowest first (the best {@value ReturnPathDnsCheck#MAX_MX_HOSTS}), each
 * host's A addresses then its AAAA ones; without MX records the domain's own addresses. A null MX
 * (RFC 7505), an unknown domain and hosts without addresses give no address; a DNS failure on
 * the way (no answer, SERVFAIL) is reported as such, so the caller can answer with a 4xx. On the
 * node's asynchronous {@link DnsResolver}: nothing blocks.
 */
public final class MailHostAddresses {

    /**
     * What the lookups found: the addresses, best first, whether a lookup failed, and whether
     * the domain has a null MX (RFC 7505: it accepts no mail). No address without a failure
     * means DNS said plainly that the domain has no mail host.
     */
    public record Found(List<InetAddress> addresses, boolean dnsFailed, boolean nullMx) {
        public Found {
            addresses = List.copyOf(addresses);
        }

        Found(List<InetAddress> addresses, boolean dnsFailed) {
            this(addresses, dnsFailed, false);
        }
    }

    private final DnsResolver resolver;

    public MailHostAddresses(DnsResolver resolver) {
        this.resolver = resolver;
    }

    public CompletionStage<Found> of(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(new Found(List.of(), false));
        }
        return resolver.query(name, Type.MX).thenCompose(answer -> {
            if (answer instanceof DnsAnswer.Records mx) {
                return viaMx(mx);
            }
            if (answer instanceof DnsAnswer.NoData) {
                return addresses(List.of(name));
            }
            return CompletableFuture.completedFuture(new Found(List.of(), !(answer instanceof DnsAnswer.NoSuchName)));
        });
    }

    private CompletionStage<Found> viaMx(DnsAnswer.Records answer) {
        if (answer.records().size() == 1 && ((MXRecord) answer.records().get(0)).getTarget().equals(Name.root)) {
            return CompletableFuture.completedFuture(new Found(List.of(), false, true));
        }
        List<MXRecord> hosts = new ArrayList<>();
        for (var record : answer.records()) {
            MXRecord mx = (MXRecord) record;
            if (!mx.getTarget().equals(Name.root)) {
                hosts.add(mx);
            }
        }
        hosts.sort(Comparator.comparingInt(MXRecord::getPriority));
        return addresses(hosts.subList(0, Math.min(ReturnPathDnsCheck.MAX_MX_HOSTS, hosts.size())).stream()
                .map(MXRecord::getTarget).toList());
    }

    /** The A then AAAA addresses of each name, in the names' order. */
    private CompletionStage<Found> addresses(List<Name> names) {
        List<CompletableFuture<DnsAnswer>> asked = new ArrayList<>();
        for (Name name : names) {
            asked.add(resolver.query(name, Type.A).toCompletableFuture());
            asked.add(resolver.query(name, Type.AAAA).toCompletableFuture());
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<InetAddress> found = new ArrayList<>();
            boolean failed = false;
            for (var one : asked) {
                DnsAnswer answer = one.join();
                if (answer instanceof DnsAnswer.Records records) {
                    for (var record : records.records()) {
                        found.add(record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress());
                    }
                }
                failed |= answer instanceof DnsAnswer.Timeout || answer instanceof DnsAnswer.ServerFailure;
            }
            return new Found(found, failed && found.isEmpty());
        });
    }
}
