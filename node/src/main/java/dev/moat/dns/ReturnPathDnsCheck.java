package dev.moat.dns;

import dev.moat.mail.MailPath;
import dev.moat.mail.Reply;
import dev.moat.mail.Route;
import dev.moat.net.IpAddress;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Match;
import dev.moat.policy.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Return-Path verification by DNS (chapter: "Return-Path Address Verification", the option
 * "Verify HELO and Return-Path"), after the Router's part ({@code router.ReturnPathCheck}): the
 * null path passes; an address the Router knows (a local account, or one a record rewrote)
 * passes without any DNS query ("this eliminates Domain Name System calls"); an IP-literal
 * domain passes only from a Client address; for other connections of Clients nothing more is
 * asked, and for everyone else the domain must be able to receive mail: an MX whose hosts have
 * an address, or without MX an address of its own (RFC 5321 5.1). No such domain, no address,
 * MX hosts without addresses, or a null MX (RFC 7505: the domain sends no mail) refuses the
 * Return-Path; a DNS failure (no answer, SERVFAIL) is {@code 451 4.4.3}, never a 5xx, so the
 * sender tries again.
 */
public final class ReturnPathDnsCheck implements Check {
    public static final String NAME = "return-path-dns";
    /** The most MX hosts asked for an address: enough for any real domain, few enough to bound the work. */
    static final int MAX_MX_HOSTS = 5;
    private static final Reply TEMPORARY = Reply.temporary(451, "4.4.3",
            "Cannot verify the Return-Path now (DNS did not answer), try again later");

    private final DnsResolver resolver;
    private final Function<String, Route> router;
    private final Predicate<IpAddress> client;

    /** {@code router}: the snapshot's routing; {@code client}: whether an address is on the Client list. */
    public ReturnPathDnsCheck(DnsResolver resolver, Function<String, Route> router,
            Predicate<IpAddress> client) {
        this.resolver = resolver;
        this.router = router;
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        MailPath sender = context.sender().orElseThrow();
        if (sender.isNull() || sender.domain().isEmpty()) {
            return pass();
        }
        Route route = router.apply(sender.address());
        if (route.outcome() == Route.Outcome.LOCAL || route.lastRecord().isPresent()) {
            return pass();
        }
        String domain = sender.domain();
        if (domain.startsWith("[")) {
            return client.test(context.clientAddress()) ? pass() : done(reject(
                    Reply.permanent(553, "5.7.1", "An IP address literal is no Return-Path domain here"),
                    "Return-Path " + sender.address() + " has an IP-literal domain and the client is no Client",
                    "ip-literal"));
        }
        if (context.classification().status().isClient()) {
            return pass();
        }
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return done(refused(sender, "its domain is no DNS name"));
        }
        return resolver.query(name, Type.MX).thenCompose(answer -> {
            if (answer instanceof DnsAnswer.Records mx) {
                return viaMx(sender, mx);
            }
            if (answer instanceof DnsAnswer.NoData) {
                return hostHasAddress(name).thenApply(found -> found.verdict(sender, "the domain has no MX and no address"));
            }
            if (answer instanceof DnsAnswer.NoSuchName) {
                return done(refused(sender, "the domain does not exist (NXDOMAIN)"));
            }
            return done(temporary(sender, answer));
        });
    }

    /** The MX hosts, best first: a null MX refuses; otherwise one of them must have an address. */
    private CompletionStage<Verdict> viaMx(MailPath sender, DnsAnswer.Records answer) {
        List<MXRecord> hosts = new ArrayList<>();
        for (var record : answer.records()) {
            hosts.add((MXRecord) record);
        }
        if (hosts.size() == 1 && hosts.get(0).getTarget().equals(Name.root)) {
            return done(reject(Reply.permanent(550, "5.7.27",
                    "The Return-Path domain accepts no mail (null MX)"), "Return-Path " + sender.address()
                    + ": its domain has a null MX (RFC 7505)", "null-mx"));
        }
        hosts.sort((a, b) -> Integer.compare(a.getPriority(), b.getPriority()));
        List<CompletableFuture<Found>> asked = new ArrayList<>();
        for (MXRecord host : hosts.subList(0, Math.min(MAX_MX_HOSTS, hosts.size()))) {
            asked.add(hostHasAddress(host.getTarget()).toCompletableFuture());
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            boolean failed = false;
            for (var found : asked) {
                Found result = found.join();
                if (result == Found.YES) {
                    return Verdict.pass();
                }
                failed |= result == Found.FAILED;
            }
            return failed ? reject(TEMPORARY, "Return-Path " + sender.address()
                    + ": its MX hosts' addresses could not be looked up", "unanswered")
                    : refused(sender, "its MX hosts have no address (a faked domain)");
        });
    }

    /** Whether {@code name} has an A or AAAA record; FAILED when neither question was answered. */
    private CompletionStage<Found> hostHasAddress(Name name) {
        var a = resolver.query(name, Type.A).toCompletableFuture();
        var aaaa = resolver.query(name, Type.AAAA).toCompletableFuture();
        return a.thenCombine(aaaa, (v4, v6) -> {
            if (v4 instanceof DnsAnswer.Records || v6 instanceof DnsAnswer.Records) {
                return Found.YES;
            }
            return failure(v4) || failure(v6) ? Found.FAILED : Found.NO;
        });
    }

    private enum Found {
        YES, NO, FAILED;

        Verdict verdict(MailPath sender, String why) {
            return switch (this) {
                case YES -> Verdict.pass();
                case NO -> refused(sender, why);
                case FAILED -> reject(TEMPORARY, "Return-Path " + sender.address()
                        + ": its domain's address could not be looked up", "unanswered");
            };
        }
    }

    private static boolean failure(DnsAnswer answer) {
        return answer instanceof DnsAnswer.Timeout || answer instanceof DnsAnswer.ServerFailure;
    }

    private static Verdict refused(MailPath sender, String why) {
        return reject(Reply.permanent(553, "5.1.8",
                "The Return-Path domain cannot receive mail, so replies could not reach you"),
                "Return-Path " + sender.address() + ": " + why, "cannot-receive");
    }

    private static Verdict temporary(MailPath sender, DnsAnswer answer) {
        return reject(TEMPORARY, "Return-Path " + sender.address() + ": DNS answered " + answer.outcome(), "unanswered");
    }

    /** A refusal whose match is the DNS finding: {@code subject} is its kind, a mode key under the check. */
    private static Verdict reject(Reply reply, String why, String subject) {
        return Verdict.reject(NAME, reply, why, new Match.Other("dns", subject, why));
    }

    private static CompletionStage<Verdict> pass() {
        return done(Verdict.pass());
    }

    private static CompletionStage<Verdict> done(Verdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }
}
