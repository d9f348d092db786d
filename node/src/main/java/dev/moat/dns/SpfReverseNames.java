package dev.moat.dns;

import dev.moat.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The client's validated reverse names for SPF (RFC 7208 5.5 and the {@code %{p}} macro of
 * 7.3): the first 10 names of its PTR records (the rest ignored), each kept only when one of
 * its own addresses is the client's. A name whose address lookup fails is skipped; a PTR
 * lookup that fails leaves no names. {@link #preferred} picks the name {@code %{p}} expands to.
 */
record SpfReverseNames(boolean isVoid, List<String> names) {

    static CompletionStage<SpfReverseNames> lookUp(DnsResolver resolver, IpAddress ip, int limit) {
        Name reverse;
        try {
            reverse = Name.fromString(ip.reverseName() + ".");
        } catch (TextParseException e) {
            throw new IllegalStateException("a reverse name always parses", e);
        }
        return resolver.query(reverse, Type.PTR).thenCompose(answer -> {
            if (!(answer instanceof DnsAnswer.Records records)) {
                return CompletableFuture.completedFuture(new SpfReverseNames(!SpfNames.failed(answer), List.of()));
            }
            List<Name> targets = new ArrayList<>();
            for (Record record : records.records()) {
                if (targets.size() < limit) {
                    targets.add(((PTRRecord) record).getTarget());
                }
            }
            List<CompletableFuture<DnsAnswer>> lookups = new ArrayList<>();
            for (Name target : targets) {
                lookups.add(resolver.query(target, ip.isIpv4() ? Type.A : Type.AAAA).toCompletableFuture());
            }
            return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(all -> {
                List<String> validated = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    if (lookups.get(i).join() instanceof DnsAnswer.Records addresses
                            && SpfNames.anyWithin(addresses, ip, 32, 128)) {
                        validated.add(targets.get(i).toString(true));
                    }
                }
                return new SpfReverseNames(false, validated);
            });
        });
    }

    /** Whether a validated name is {@code domain} or a name under it (case ignored). */
    boolean hasWithin(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(d) || n.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }

    /** %{p}: the domain itself when validated, else a name under it, else any validated name, else "unknown". */
    String preferred(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        String under = null;
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals(d)) {
                return name;
            }
            if (under == null && n.endsWith("." + d)) {
                under = name;
            }
        }
        return under != null ? under : names.isEmpty() ? "unknown" : names.get(0);
    }
}
