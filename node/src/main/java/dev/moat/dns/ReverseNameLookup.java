package dev.moat.dns;

import dev.moat.net.IpAddress;
import dev.moat.policy.ReverseName;
import dev.moat.policy.ReverseNames;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The reverse name of a client address (chapter: "Blacklisting Domains by Name"): its PTR
 * record ({@code 7.2.0.192.in-addr.arpa}, or the {@code ip6.arpa} nibbles), then the name
 * asked forward (A for IPv4, AAAA for IPv6): the name is verified only when one of its
 * addresses is the client's (NOTES: names grant nothing unverified). No PTR or no such name is
 * {@code (host name is unknown)}; no answer in time or a server failure is {@code (DNS server
 * is not available)}, so templates can match failures. Never completes exceptionally.
 */
public final class ReverseNameLookup implements ReverseNames {
    private final DnsResolver resolver;

    public ReverseNameLookup(DnsResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public CompletionStage<Optional<ReverseName>> lookup(IpAddress address) {
        Name ptr;
        try {
            ptr = Name.fromString(address.reverseName() + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Optional.of(new ReverseName(ReverseName.UNKNOWN, false)));
        }
        return resolver.query(ptr, Type.PTR).thenCompose(answer -> {
            if (!(answer instanceof DnsAnswer.Records records)) {
                return CompletableFuture.completedFuture(Optional.of(failure(answer)));
            }
            Name target = ((PTRRecord) records.records().get(0)).getTarget();
            String name = strip(target.toString());
            int type = address.isIpv4() ? Type.A : Type.AAAA;
            return resolver.query(target, type).thenApply(forward ->
                    Optional.of(new ReverseName(name, resolvesTo(forward, address))));
        });
    }

    private static ReverseName failure(DnsAnswer answer) {
        return answer instanceof DnsAnswer.Timeout || answer instanceof DnsAnswer.ServerFailure
                ? new ReverseName(ReverseName.UNAVAILABLE, false) : new ReverseName(ReverseName.UNKNOWN, false);
    }

    private static boolean resolvesTo(DnsAnswer forward, IpAddress address) {
        if (!(forward instanceof DnsAnswer.Records records)) {
            return false;
        }
        return records.records().stream().anyMatch(r -> address.equals(IpAddress.of(
                r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress())));
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
