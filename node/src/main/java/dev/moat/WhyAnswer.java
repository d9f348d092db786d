package dev.moat;

import dev.moat.net.IpAddress;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.Classification;
import dev.moat.policy.Match;
import dev.moat.policy.Reason;
import dev.moat.policy.SessionSummary;
import dev.moat.policy.SettingsLayer;
import dev.moat.policy.TemporaryEntries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/why/{address}}: everything Moat knows about one address, joined: its
 * status and reason now (the Test Address classifier), every list line of either layer that
 * holds it, its Temporary Client entry, its temporary block or unblockable entries with their
 * counters ({@link TemporaryEntries}), the RBL answer and reverse name its newest session saw on
 * any member, and its newest decisions on every member, with the members that did not answer.
 */
final class WhyAnswer {
    private WhyAnswer() {
    }

    static Map<String, Object> of(Node node, ClusterDecisions decisions, IpAddress address) {
        Classification now = node.classify(address).toCompletableFuture().join();
        var answer = NodeAdminBackend.view(address, now);
        answer.put("node", node.settings().server().node().name());
        answer.put("listLines", listLines(node, address));
        answer.put("temporaryClient", node.member().temporaryClients().until(address).isPresent()
                ? Map.of("until", Instant.ofEpochMilli(node.member().temporaryClients().until(address).getAsLong())
                        .toString(), "reason", "a user with the Relay service logged in from it") : null);
        answer.put("temporaryEntries", node.temporaryEntries().of(address).stream().map(WhyAnswer::entry).toList());
        Map<String, Object> asked = decisions.merged("why", Map.of("address", address.toString()), 20,
                ClusterDecisions.DEADLINE);
        answer.put("lastSeen", newest(asked));
        answer.put("decisions", asked.get("records"));
        answer.put("answered", asked.get("answered"));
        answer.put("missing", asked.get("missing"));
        return answer;
    }

    /** Every line of every address list, in both layers, that holds {@code address}. */
    private static List<Map<String, Object>> listLines(Node node, IpAddress address) {
        var lines = new ArrayList<Map<String, Object>>();
        for (AddressListKind kind : AddressListKind.values()) {
            var list = node.settings().list(kind);
            for (SettingsLayer layer : SettingsLayer.values()) {
                var written = list.layer(layer);
                int line = written.addresses().lineOf(address);
                if (line > 0) {
                    var entry = new LinkedHashMap<String, Object>();
                    entry.put("list", kind.title());
                    entry.put("setting", kind.key());
                    entry.put("layer", layer.label());
                    entry.put("line", line);
                    entry.put("entry", written.line(line).map(String::strip).orElse(""));
                    lines.add(entry);
                }
            }
        }
        return lines;
    }

    /** The newest {@code lastSession} any member answered, with its node. */
    private static Object newest(Map<String, Object> asked) {
        Map<String, Object> best = null;
        @SuppressWarnings("unchecked")
        var members = (Map<String, Map<String, Object>>) asked.get("members");
        for (var member : members.entrySet()) {
            @SuppressWarnings("unchecked")
            var seen = (Map<String, Object>) member.getValue().get("lastSession");
            if (seen != null && (best == null
                    || ((Number) seen.get("timeMillis")).longValue() > ((Number) best.get("timeMillis")).longValue())) {
                best = new LinkedHashMap<>(seen);
                best.put("node", member.getKey());
            }
        }
        return best;
    }

    /** What a remembered session saw of its address: status, reason, reverse name, RBL answer. */
    static Map<String, Object> lastSeen(SessionSummary session) {
        var seen = new LinkedHashMap<String, Object>();
        seen.put("time", Instant.ofEpochMilli(session.timeMillis()).toString());
        seen.put("timeMillis", session.timeMillis());
        seen.put("ref", session.reference());
        seen.put("status", session.classification().status().label());
        seen.put("reason", session.classification().reason().describe());
        seen.put("reverseName", session.classification().reverseName().orElse(null));
        Reason reason = session.classification().reason();
        seen.put("rbl", reason instanceof Reason.RblListed ? Match.of(reason).fields() : null);
        seen.put("helo", session.helo().orElse(null));
        return seen;
    }

    private static Map<String, Object> entry(TemporaryEntries.Entry entry) {
        var view = new LinkedHashMap<String, Object>();
        view.put("list", entry.list());
        view.put("reason", entry.reason());
        view.put("start", entry.start() == null ? null : entry.start().toString());
        view.put("expiry", entry.expiry() == null ? null : entry.expiry().toString());
        view.put("node", entry.node());
        view.put("counters", entry.counters());
        return view;
    }
}
