package dev.moat.blocking;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.DecisionRecords;
import dev.moat.policy.Match;
import dev.moat.policy.SessionEvent;
import dev.moat.policy.SessionEvents;
import dev.moat.policy.TemporaryBlocks;
import dev.moat.policy.TemporaryEntries;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.TemporaryBlockingSettings;
import dev.moat.settings.TemporaryBlockingSettings.Thresholds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary blocking (chapter: "Temporarily Blocked Addresses", "Spam Traps"; NOTES,
 * "Temporary blocking"). It hears every session's events: failed logins and protocol errors
 * are counted per address in the cluster's windows, and more than "Debug after" of them
 * inside the window put the address on the temporary debug list, more than "Block after"
 * block it for the Blocking Time; failed logins are also counted per login name, and past that
 * threshold each address that fails on the name again is blocked (the account is never
 * locked); a spam-trap hit blocks at once, except for Client addresses; a successful login
 * makes the address unblockable for the UnBlocking Time. The {@link Exemptions} are never
 * counted. A full list takes no new address (a warning and {@code moat.blocking.full}). It
 * answers the connection-time question from the local replica ({@link TemporaryBlocks}),
 * an address first, then its aggregation prefix. Every block this node makes (by the rules, by
 * aggregation or by hand) writes one decision record, under the reference of the session whose
 * event made it or, for a block by hand, a fresh one. The clock is injectable for tests.
 */
public final class TemporaryBlocking implements SessionEvents, TemporaryBlocks, TemporaryEntries {
    private static final Logger log = LoggerFactory.getLogger(TemporaryBlocking.class);
    private static final long FULL_WARNING_EVERY_MILLIS = 60_000;
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * What it reads: the settings snapshot, whether the node is in a cluster (then only the
     * cluster-wide settings count), this node's own addresses and name, and the clock.
     */
    public record Setup(Supplier<EffectiveSettings> settings, BooleanSupplier inCluster, AddressSet localAddresses,
            String node, Clock clock) {
    }

    /** Who made an entry: the session whose event tipped the count, or an administrator (a fresh reference). */
    record Cause(String reference, IpAddress client) {
    }

    private final Setup setup;
    private final TemporaryLists lists;
    private final MoatMetrics metrics;
    private final DecisionRecords records;
    private final Supplier<String> references;
    private final Exemptions exemptions;
    private final Escalation escalation;
    private final Aggregation aggregation;
    private final AtomicLong lastFullWarning = new AtomicLong(Long.MIN_VALUE / 2);

    /** Without decision records (tests, tools). */
    public TemporaryBlocking(Setup setup, TemporaryLists lists, MoatMetrics metrics) {
        this(setup, lists, metrics, DecisionRecords.none(), () -> "admin");
    }

    /** {@code references} makes the reference of a block by hand, unique in the cluster like a session's. */
    public TemporaryBlocking(Setup setup, TemporaryLists lists, MoatMetrics metrics, DecisionRecords records,
            Supplier<String> references) {
        this.setup = setup;
        this.lists = lists;
        this.metrics = metrics;
        this.records = records;
        this.references = references;
        this.exemptions = new Exemptions(setup.localAddresses());
        this.escalation = new Escalation(lists);
        this.aggregation = new Aggregation(lists, this::put, this::now);
    }

    /** The cluster's temporary lists, as this member's replica holds them. */
    public TemporaryLists lists() {
        return lists;
    }

    /** The settings in effect now: cluster-wide only in a cluster. */
    public TemporaryBlockingSettings rules() {
        return setup.settings().get().temporaryBlocking(setup.inCluster().getAsBoolean());
    }

    @Override
    public Optional<String> blocked(IpAddress address) {
        return blockEntry(address).map(entry -> entry.getValue().describe());
    }

    @Override
    public boolean debugged(IpAddress address) {
        return lists.get(TemporaryList.DEBUG, address.toString()).isPresent();
    }

    /** The entry that blocks {@code address} now: its own, else its aggregation prefix's. */
    public Optional<Map.Entry<String, TemporaryEntry>> blockEntry(IpAddress address) {
        String key = address.toString();
        Optional<TemporaryEntry> own = lists.get(TemporaryList.BLOCKED, key);
        if (own.isPresent()) {
            return Optional.of(Map.entry(key, own.get()));
        }
        String prefix = Prefixes.of(address);
        return lists.get(TemporaryList.BLOCKED, prefix).map(entry -> Map.entry(prefix, entry));
    }

    /**
     * The entries that hold now for {@code address} (its block, or its prefix's; its unblockable
     * and debug entries), read from this member's replicas, for the {@code why} answer. The
     * event counters live in the cluster's event map on their owners and are not read here.
     */
    @Override
    public List<TemporaryEntries.Entry> of(IpAddress address) {
        List<TemporaryEntries.Entry> found = new ArrayList<>();
        blockEntry(address).ifPresent(e -> found.add(whyEntry("temporarily-blocked", e.getValue())));
        lists.get(TemporaryList.UNBLOCKABLE, address.toString()).ifPresent(e -> found.add(whyEntry("unblockable", e)));
        lists.get(TemporaryList.DEBUG, address.toString()).ifPresent(e -> found.add(whyEntry("debug", e)));
        return found;
    }

    private static TemporaryEntries.Entry whyEntry(String list, TemporaryEntry entry) {
        return new TemporaryEntries.Entry(list, entry.reason(), Instant.ofEpochMilli(entry.startMillis()),
                Instant.ofEpochMilli(entry.untilMillis()), entry.node(), Map.of());
    }

    /**
     * Takes {@code key} off {@code list} by hand; whether it was on it. Unblocking also forgets
     * the address's protocol-error and failed-login windows: otherwise its very next event would
     * find the window still past the threshold and block it again at once.
     */
    public boolean unblock(TemporaryList list, String key) {
        boolean removed = lists.remove(list, key);
        if (removed && list == TemporaryList.BLOCKED) {
            lists.forget("error:" + key);
            lists.forget("login:" + key);
        }
        return removed;
    }

    /** Why {@code address} is never blocked, or empty. */
    public Optional<String> exemption(IpAddress address) {
        return exemptions.of(address, setup.settings().get(), lists);
    }

    @Override
    public void on(SessionEvent event) {
        heard(event);
    }

    /** Hears {@code event}; the stage completes once every count and entry it causes is done. Never fails. */
    CompletionStage<Void> heard(SessionEvent event) {
        try {
            return judge(event).exceptionally(failure -> countFailed(event, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(countFailed(event, e));
        }
    }

    private CompletionStage<Void> judge(SessionEvent event) {
        TemporaryBlockingSettings rules = rules();
        IpAddress client = event.client();
        if (event instanceof SessionEvent.LoginSucceeded) {
            put(TemporaryList.UNBLOCKABLE, client.toString(), "a successful login", rules.unblockingTime(),
                    rules.unblockableAddressesLimit(), "login", causeOf(event));
            return DONE;
        }
        Optional<String> exempt = exemption(client);
        if (exempt.isPresent()) {
            metrics.blockingExempt(exempt.get());
            return DONE;
        }
        if (event instanceof SessionEvent.ProtocolViolation) {
            metrics.blockingEvent("protocol-error");
            return count(event, "error:", rules.protocolErrors(), "protocol errors", "protocol-errors", rules);
        } else if (event instanceof SessionEvent.LoginFailed failed) {
            metrics.blockingEvent("failed-login");
            return count(event, "login:", rules.failedLogins(), "failed logins", "failed-logins", rules)
                    .thenCompose(done -> countName(event, failed.user(), rules));
        } else if (event instanceof SessionEvent.SpamTrapHit hit) {
            metrics.blockingEvent("spam-trap");
            if (!setup.settings().get().clientAddresses().contains(client)) {
                return block(causeOf(event), "sent to the spam trap " + hit.recipient(), "spam-trap", rules);
            }
        }
        return DONE;
    }

    private static Cause causeOf(SessionEvent event) {
        return new Cause(event.sessionReference(), event.client());
    }

    private CompletionStage<Void> count(SessionEvent event, String kind, Thresholds limits, String what, String tag,
            TemporaryBlockingSettings rules) {
        if (limits.blockAfter() == 0 && limits.debugAfter() == 0) {
            return DONE;
        }
        IpAddress client = event.client();
        return lists.count(kind + client, now(), limits.window(), limits.kept()).thenCompose(count -> {
            String reason = count + " " + what + " within " + describe(limits.window());
            if (limits.blockAfter() > 0 && count > limits.blockAfter()) {
                return block(causeOf(event), reason + " (more than " + limits.blockAfter() + ")", tag, rules);
            } else if (limits.debugAfter() > 0 && count > limits.debugAfter()) {
                put(TemporaryList.DEBUG, client.toString(), reason + " (more than " + limits.debugAfter() + ")",
                        rules.blockingTime(), rules.blockedAddressesLimit(), tag, causeOf(event));
            }
            return DONE;
        });
    }

    /** A distributed guess at one account: past the name's threshold, each address that fails on it is blocked. */
    private CompletionStage<Void> countName(SessionEvent event, String user, TemporaryBlockingSettings rules) {
        Thresholds limits = rules.failedLoginsPerName();
        if (limits.blockAfter() == 0 || user == null || user.isBlank()) {
            return DONE;
        }
        String name = user.strip().toLowerCase(Locale.ROOT);
        return lists.count("name:" + name, now(), limits.window(), limits.kept()).thenCompose(count -> count
                > limits.blockAfter() ? block(causeOf(event), count + " failed logins as " + name + " from any address within "
                + describe(limits.window()) + " (more than " + limits.blockAfter() + ")", "login-name", rules) : DONE);
    }

    private CompletionStage<Void> block(Cause cause, String reason, String tag, TemporaryBlockingSettings rules) {
        IpAddress client = cause.client();
        if (lists.get(TemporaryList.BLOCKED, client.toString()).isPresent()) {
            return DONE;
        }
        return escalation.lengthOf(client.toString(), now(), rules).thenCompose(time -> {
            if (put(TemporaryList.BLOCKED, client.toString(), reason, time, rules.blockedAddressesLimit(), tag, cause)
                    != AddResult.ADDED) {
                return DONE;
            }
            log.info("temporarily blocked {} for {}: {}", client, describe(time), reason);
            return aggregation.blocked(cause, rules);
        });
    }

    /**
     * Puts {@code key} (an address or an aggregation prefix) on {@code list} for {@code time}
     * by hand, unless it is there or the list is full: then a warning and a count. A block by hand
     * is recorded under a fresh reference.
     */
    public AddResult put(TemporaryList list, String key, String reason, Duration time, int limit, String tag) {
        IpAddress client = IpAddress.tryParse(key.substring(0, Prefixes.isPrefix(key) ? key.indexOf('/') : key.length()))
                .orElseThrow(() -> new IllegalArgumentException("neither an address nor a prefix: " + key));
        return put(list, key, reason, time, limit, tag, new Cause(references.get(), client));
    }

    /** Puts {@code key} on {@code list} for {@code cause}; a new block is recorded as a decision. */
    AddResult put(TemporaryList list, String key, String reason, Duration time, int limit, String tag, Cause cause) {
        long start = now();
        var entry = new TemporaryEntry(reason, setup.node(), start, start + time.toMillis());
        AddResult result = lists.add(list, key, entry, limit);
        if (result == AddResult.ADDED) {
            metrics.blockingAdded(list.key(), tag);
            if (list == TemporaryList.BLOCKED) {
                records.record(cause.reference(), cause.client(), "block", TemporaryBlockCheck.NAME, new Match.Other(TemporaryBlockCheck.NAME, key, entry.describe()),
                        "block", null);
            }
        } else if (result == AddResult.FULL) {
            metrics.blockingFull(list.key());
            long last = lastFullWarning.get();
            if (start - last >= FULL_WARNING_EVERY_MILLIS && lastFullWarning.compareAndSet(last, start)) {
                log.warn("the {} list is full ({} entries): {} was not added ({}); the entries it holds are kept",
                        list.title(), limit, key, reason);
            }
        }
        return result;
    }

    private Void countFailed(SessionEvent event, Throwable failure) {
        log.warn("temporary blocking could not judge an event of session {} against {}: {}", event.sessionReference(),
                event.client(), failure.toString());
        return null;
    }

    private long now() {
        return setup.clock().millis();
    }

    static String describe(Duration time) {
        return time.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
