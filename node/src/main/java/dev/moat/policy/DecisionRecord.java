package dev.moat.policy;

import dev.moat.mail.Reply;
import dev.moat.net.IpAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decision, as its node keeps and logs it: when, on which node, in which session (the
 * reference its replies and {@code Received:} header carry), for which client address (the
 * real one, after PROXY), at which stage, by which check, what matched, the check's action
 * ({@code reject}, {@code disconnect}, {@code add-header}, {@code close}, or a kind a caller
 * names such as {@code block}), the mode it ran in, the reply the check chose and the reply
 * sent ({@code null} when none was sent: monitor and tag modes, a header added).
 */
public record DecisionRecord(long timeMillis, String node, String reference, IpAddress client, String stage,
        String check, Match match, String action, DecisionMode mode, Reply reply, Reply sent) {

    public DecisionRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(mode, "mode");
    }

    /** What happened, in a word: refused, would-refuse (monitor), tempfailed, tagged, or the action itself. */
    public String outcome() {
        return switch (mode) {
            case MONITOR -> "would-" + action;
            case TAG -> sent == null ? "tagged" : action;
            case TEMPFAIL -> sent != null && sent != reply ? "tempfailed" : action;
            case ENFORCE -> action;
        };
    }

    /** The record as JSON fields, in the order of its one-line form. */
    public Map<String, Object> fields() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("time", Instant.ofEpochMilli(timeMillis).toString());
        fields.put("node", node);
        fields.put("ref", reference);
        fields.put("client", client.toString());
        fields.put("stage", stage);
        fields.put("check", check);
        fields.put("match", match.fields());
        fields.put("action", action);
        fields.put("mode", mode.word());
        fields.put("outcome", outcome());
        fields.put("reply", sent == null ? null : wire(sent));
        if (reply != null && reply != sent) {
            fields.put("checkReply", wire(reply));
        }
        return fields;
    }

    /** One line of JSON, as the logger {@link DecisionRecords#LOGGER} writes it. */
    public String json() {
        StringBuilder out = new StringBuilder(320);
        JsonText.write(out, fields());
        return out.toString();
    }

    /** The reply as the client saw it: its wire lines joined, with the session reference a refusal carries. */
    private String wire(Reply r) {
        return String.join(" / ", (r.isPositive() ? r : r.withSuffix(" (ref " + reference + ")")).lines());
    }
}
