package dev.moat.policy;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's decision records: every refusal (4xx or 5xx), every accepted-with-header verdict,
 * every connection closed by policy, each made from the verdict alone by {@link DecisionLog}, kept
 * in a bounded ring of the newest ({@code decisions.ring-size}, 100,000 by default) and written as
 * one JSON line to the logger {@value #LOGGER} at INFO; with them, a bounded ring of ended
 * sessions' summaries ({@code decisions.session-ring-size}) for the impact preview. Other parts
 * record their own decisions through {@link #record(String, IpAddress, String, String, Match,
 * String, Reply)}: temporary blocking calls it with stage {@code block}, check {@code
 * temporary-block}, a {@link Match} naming the key blocked and the reason with its expiry
 * ({@code Match.Other("temporary-block", key, why)}) and action {@code block} for each block it
 * makes; closes before a session begins (the connection limits) come through {@code
 * CheckRunner.refusedBeforeSession}. {@code decisions.records: false} switches
 * both rings and the JSON lines off (the decision log's text line is then written instead).
 * Thread-safe; recording never blocks.
 */
public final class DecisionRecords {
    /** The logger of the JSON lines, for a log shipper. */
    public static final String LOGGER = "moat.decisions";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final String node;
    private volatile boolean enabled;
    private volatile Ring<DecisionRecord> records;
    private volatile Ring<SessionSummary> sessions;

    public DecisionRecords(String node, boolean enabled, int capacity, int sessionCapacity) {
        this.node = node;
        this.enabled = enabled;
        this.records = new Ring<>(capacity);
        this.sessions = new Ring<>(sessionCapacity);
    }

    /** Records nothing: tests and tools. */
    public static DecisionRecords none() {
        return new DecisionRecords("-", false, 1, 1);
    }

    /** New settings: on or off, and the rings' sizes (the newest records are carried into a ring of a new size). */
    public synchronized void configure(boolean on, int capacity, int sessionCapacity) {
        enabled = on;
        records = resized(records, capacity);
        sessions = resized(sessions, sessionCapacity);
    }

    private static <T> Ring<T> resized(Ring<T> ring, int capacity) {
        if (ring.capacity() == Math.max(1, capacity)) {
            return ring;
        }
        Ring<T> bigger = new Ring<>(capacity);
        ring.all().forEach(bigger::add);
        return bigger;
    }

    public boolean enabled() {
        return enabled;
    }

    public String node() {
        return node;
    }

    /** Keeps and logs one record made elsewhere, in {@code enforce} mode, now, on this node. */
    public void record(String reference, IpAddress client, String stage, String check, Match match, String action,
            Reply sent) {
        record(new DecisionRecord(System.currentTimeMillis(), node, reference, client, stage, check, match, action,
                DecisionMode.ENFORCE, sent, sent));
    }

    /** Keeps and logs one record. */
    public void record(DecisionRecord record) {
        if (!enabled) {
            return;
        }
        records.add(record);
        if (log.isInfoEnabled()) {
            log.info("{}", record.json());
        }
    }

    /** The record of a verdict the runner reached, in {@code mode}, answered as {@code applied}. */
    void decided(CheckContext context, Verdict verdict, DecisionMode mode, Verdict applied) {
        if (!enabled) {
            return;
        }
        String action = verdict.passes() ? "add-header" : verdict.action().name().toLowerCase(Locale.ROOT);
        record(new DecisionRecord(System.currentTimeMillis(), node, context.sessionReference(),
                context.clientAddress(), context.stage().name().toLowerCase(Locale.ROOT), verdict.check(),
                verdict.match(), action, mode, verdict.reply(), applied.passes() ? null : applied.reply()));
    }

    /** Remembers an ended session for the impact preview. */
    public void sessionEnded(SessionSummary summary) {
        if (enabled) {
            sessions.add(summary);
        }
    }

    /** The newest records that {@code filter} keeps, newest first. */
    public List<DecisionRecord> find(DecisionFilter filter) {
        return records.newest(filter::matches, filter.limit());
    }

    /** The newest session summaries, newest first, at most {@code limit}. */
    public List<SessionSummary> recentSessions(int limit) {
        return sessions.newest(summary -> true, limit);
    }

    /** The newest summary of a session from {@code client}, if any is remembered. */
    public java.util.Optional<SessionSummary> lastSession(IpAddress client) {
        return sessions.newest(summary -> summary.client().equals(client), 1).stream().findFirst();
    }

    public int size() {
        return records.size();
    }

    public int capacity() {
        return records.capacity();
    }
}
