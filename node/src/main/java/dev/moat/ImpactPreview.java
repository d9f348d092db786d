package dev.moat;

import dev.moat.mail.MailPath;
import dev.moat.mail.Recipient;
import dev.moat.net.AddressSet;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.CheckRunner;
import dev.moat.policy.Classification;
import dev.moat.policy.ListKind;
import dev.moat.policy.NameListKind;
import dev.moat.policy.RblAnswers;
import dev.moat.policy.Reason;
import dev.moat.policy.ReverseName;
import dev.moat.policy.ReverseNames;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.SessionSummary;
import dev.moat.policy.Stage;
import dev.moat.policy.TemporaryBlocks;
import dev.moat.policy.TemporaryClients;
import dev.moat.policy.Verdict;
import dev.moat.policy.VerdictListener;
import dev.moat.settings.EffectiveSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Replays the sessions a member remembers through the checks of two snapshots, the running one
 * and the one a new document version would make, and answers which would now be decided
 * differently. Each session is classified again by the address lists (with the reverse name and
 * the RBL answer it saw, never a new lookup, and the Temporary Clients now), then its HELO, each
 * Return-Path and each recipient go through the CONNECT, HELO, MAIL, RCPT and DATA checks made
 * from each snapshot, in their modes: the lists, the Router (relay, error targets, the
 * Return-Path's Router part, spam traps), the HELO checks and the next hops. Checks that ask DNS
 * (the Return-Path's DNS) and content checks are not replayed. A recipient's outcome is accepted,
 * or the first refusal on its way (connect, HELO, MAIL, RCPT, DATA). Nothing is recorded or saved.
 */
final class ImpactPreview {
    private static final int EXAMPLES = 20;

    private final AddressSet localAddresses;
    private final TemporaryClients temporaryClients;
    private final ScheduledExecutorService scheduler;

    ImpactPreview(AddressSet localAddresses, TemporaryClients temporaryClients, ScheduledExecutorService scheduler) {
        this.localAddresses = localAddresses;
        this.temporaryClients = temporaryClients;
        this.scheduler = scheduler;
    }

    /** The differences, as JSON fields: sessions replayed, newly refused and accepted (counts, addresses, examples). */
    Map<String, Object> replay(List<SessionSummary> sessions, EffectiveSettings running, EffectiveSettings proposed) {
        var protections = new Protections(VerdictListener.NONE, SessionEvents.NONE);
        CheckRunner before = protections.assemble(running);
        CheckRunner after = protections.assemble(proposed);
        int refusedNow = 0;
        int acceptedNow = 0;
        Set<String> refusedAddresses = new LinkedHashSet<>();
        Set<String> acceptedAddresses = new LinkedHashSet<>();
        List<Map<String, Object>> examples = new ArrayList<>();
        for (SessionSummary session : sessions) {
            List<String> was = outcomes(session, running, before);
            List<String> would = outcomes(session, proposed, after);
            boolean newlyRefused = false;
            boolean newlyAccepted = false;
            for (int i = 0; i < was.size(); i++) {
                newlyRefused |= was.get(i).equals("accepted") && !would.get(i).equals("accepted");
                newlyAccepted |= !was.get(i).equals("accepted") && would.get(i).equals("accepted");
            }
            if (newlyRefused) {
                refusedNow++;
                refusedAddresses.add(session.client().toString());
            }
            if (newlyAccepted) {
                acceptedNow++;
                acceptedAddresses.add(session.client().toString());
            }
            if ((newlyRefused || newlyAccepted) && examples.size() < EXAMPLES) {
                var example = new LinkedHashMap<String, Object>();
                example.put("ref", session.reference());
                example.put("client", session.client().toString());
                example.put("now", was);
                example.put("would", would);
                examples.add(example);
            }
        }
        var answer = new LinkedHashMap<String, Object>();
        answer.put("sessionsReplayed", sessions.size());
        answer.put("newlyRefusedSessions", refusedNow);
        answer.put("newlyRefusedAddresses", List.copyOf(refusedAddresses));
        answer.put("newlyAcceptedSessions", acceptedNow);
        answer.put("newlyAcceptedAddresses", List.copyOf(acceptedAddresses));
        answer.put("examples", examples);
        return answer;
    }

    /** One outcome per recipient tried (one in all when none was): accepted, or the first refusal on its way. */
    private List<String> outcomes(SessionSummary session, EffectiveSettings settings, CheckRunner checks) {
        var context = new ReplayedSession(session, classify(session, settings));
        List<String> outcomes = new ArrayList<>();
        String refused = refusal(checks, context);
        if (refused == null && session.helo().isPresent()) {
            refused = refusal(checks, context.at(Stage.HELO));
        }
        if (session.envelopes().isEmpty()) {
            outcomes.add(refused == null ? "accepted" : refused);
        }
        for (SessionSummary.Envelope envelope : session.envelopes()) {
            var mail = context.from(envelope.sender());
            String senderRefused = refused != null ? refused : refusal(checks, mail);
            List<Recipient> accepted = new ArrayList<>();
            List<Integer> mine = new ArrayList<>();
            for (MailPath path : envelope.recipients()) {
                var recipient = new Recipient(path, settings.router().route(path.address()));
                String outcome = senderRefused != null ? senderRefused
                        : refusal(checks, mail.accepted(accepted).judging(recipient));
                if (outcome == null) {
                    accepted.add(recipient);
                    mine.add(outcomes.size());
                }
                outcomes.add(outcome == null ? "accepted" : outcome);
            }
            String data = accepted.isEmpty() ? null : refusal(checks, mail.accepted(accepted).at(Stage.DATA));
            for (int index : mine) {
                outcomes.set(index, data == null ? "accepted" : data);
            }
            if (envelope.recipients().isEmpty()) {
                outcomes.add(senderRefused == null ? "accepted" : senderRefused);
            }
        }
        return outcomes;
    }

    /** {@code refused at rcpt by blacklist (550 5.7.1)}, or null when the stage's checks pass. */
    private static String refusal(CheckRunner checks, ReplayedSession context) {
        Verdict verdict = checks.run(context).toCompletableFuture().join();
        if (verdict.passes()) {
            return null;
        }
        return "refused at " + context.stage().name().toLowerCase(java.util.Locale.ROOT) + " by " + verdict.check()
                + " (" + verdict.reply().code() + " " + verdict.reply().enhanced() + ")";
    }

    /** The status the session would have under {@code settings}, from what its own lookups saw. */
    private Classification classify(SessionSummary session, EffectiveSettings settings) {
        Classification seen = session.classification();
        Reason reason = seen.reason();
        Optional<RblAnswers.Listed> listing = reason instanceof Reason.RblListed rbl ? Optional.of(rbl.answer())
                : Optional.empty();
        boolean granted = reason instanceof Reason.NameListed named && isGranting(named.entry().list());
        Optional<ReverseName> name = seen.reverseName().map(text -> new ReverseName(text, granted));
        ReverseNames names = address -> CompletableFuture.completedFuture(name);
        RblAnswers rbl = address -> CompletableFuture.completedFuture(listing);
        var classifier = new AddressClassifier(localAddresses, temporaryClients, TemporaryBlocks.NONE, names, rbl);
        return classifier.classify(session.client(), settings, Duration.ofSeconds(5), scheduler)
                .toCompletableFuture().join();
    }

    private static boolean isGranting(ListKind list) {
        return list == NameListKind.CLIENT || list == NameListKind.WHITE_HOLE;
    }
}
