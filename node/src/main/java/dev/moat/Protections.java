package dev.moat;

import dev.moat.content.BannedLineCheck;
import dev.moat.callout.Callouts;
import dev.moat.callout.ReverseConnectCheck;
import dev.moat.delivery.NextHopCheck;
import dev.moat.delivery.NextHops;
import dev.moat.dns.DnsResolver;
import dev.moat.dns.ReturnPathDnsCheck;
import dev.moat.dns.SpfCheck;
import dev.moat.policy.BlacklistCheck;
import dev.moat.policy.Check;
import dev.moat.policy.CheckRunner;
import dev.moat.policy.DeniedCheck;
import dev.moat.policy.HeloCheck;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.Stage;
import dev.moat.policy.VerdictListener;
import dev.moat.router.RelayCheck;
import dev.moat.router.ReturnPathCheck;
import dev.moat.router.SpamTrapCheck;
import dev.moat.settings.EffectiveSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The protection checks of every SMTP stage, in the order they run, each made with its
 * compiled part of one settings snapshot: {@link #assemble} reads like the data flow of
 * {@code DESIGN.md}, and runs once per snapshot, never per session. Later checks slot in at
 * their stage (temporary blocking at connect, HELO checks, DNS and SPF at MAIL, banned lines
 * as line checks, rules for the message).
 */
public final class Protections {
    private final VerdictListener listener;
    private final SessionEvents events;
    private final DnsResolver resolver;
    private final BannedLineCheck.Meter bannedLineMeter;
    private final Callouts callouts;

    /**
     * {@code listener} hears every verdict; {@code events} hears what checks report (spam-trap
     * hits); {@code resolver} answers the DNS checks; {@code bannedLineMeter} counts the
     * messages a banned line refused; {@code callouts} makes Reverse Connect (null: never,
     * whatever the settings say).
     */
    public Protections(VerdictListener listener, SessionEvents events, DnsResolver resolver,
            BannedLineCheck.Meter bannedLineMeter, Callouts callouts) {
        this.listener = listener;
        this.events = events;
        this.resolver = resolver;
        this.bannedLineMeter = bannedLineMeter;
        this.callouts = callouts;
    }

    public Protections(VerdictListener listener, SessionEvents events, DnsResolver resolver,
            BannedLineCheck.Meter bannedLineMeter) {
        this(listener, events, resolver, bannedLineMeter, null);
    }

    public Protections(VerdictListener listener, SessionEvents events, DnsResolver resolver) {
        this(listener, events, resolver, BannedLineCheck.Meter.NONE, null);
    }

    /** Without a resolver (tests, tools): the checks that ask DNS are left out. */
    public Protections(VerdictListener listener, SessionEvents events) {
        this(listener, events, null);
    }

    public CheckRunner assemble(EffectiveSettings snapshot) {
        boolean verify = snapshot.server().verifyReturnPath();
        return new CheckRunner(Map.of(
                Stage.CONNECT, List.of(new DeniedCheck(snapshot.server().smtp().hostName())),
                Stage.HELO, verify ? List.of(new HeloCheck(snapshot.server().smtp().hostName(), snapshot::isLocalDomain))
                        : List.of(),
                Stage.MAIL, withReverseConnect(snapshot, mailChecks(snapshot, verify)),
                Stage.RCPT, List.of(new RelayCheck(snapshot.directory()::mayRelay),
                        new BlacklistCheck(snapshot.blacklisted()), new NextHopCheck(NextHops.of(snapshot))),
                Stage.DATA, List.of(new SpamTrapCheck(events)),
                Stage.MESSAGE, List.of()),
                List.of(new BannedLineCheck(snapshot.bannedLines(), bannedLineMeter)),
                listener);
    }

    /** The Return-Path: the Router's part, then DNS (with {@code verify-return-path}), then SPF (unless off). */
    private List<Check> mailChecks(EffectiveSettings snapshot, boolean verify) {
        List<Check> checks = new ArrayList<>(List.of(new ReturnPathCheck(snapshot.router())));
        if (verify && resolver != null) {
            checks.add(new ReturnPathDnsCheck(resolver, snapshot.router()::route, snapshot.clientAddresses()::contains));
        }
        if (snapshot.spf().evaluates() && resolver != null) {
            checks.add(new SpfCheck(resolver, snapshot.spf(), snapshot.server().smtp().hostName()));
        }
        return checks;
    }

    /** The Return-Path checks (and SPF), then Reverse Connect when the snapshot enables it: the costliest last. */
    private List<Check> withReverseConnect(EffectiveSettings snapshot, List<Check> returnPath) {
        if (callouts == null || !snapshot.callout().enabled()) {
            return returnPath;
        }
        var checks = new ArrayList<Check>(returnPath);
        checks.add(new ReverseConnectCheck(callouts, snapshot.callout(), snapshot.router()::route,
                snapshot.server().smtp().hostName()));
        return checks;
    }
}
