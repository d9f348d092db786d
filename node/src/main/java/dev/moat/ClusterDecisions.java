package dev.moat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.cluster.ClusterQueries;
import dev.moat.cluster.LocalQueries;
import dev.moat.net.IpAddress;
import dev.moat.policy.DecisionFilter;
import dev.moat.policy.DecisionRecord;
import dev.moat.policy.DecisionRecords;
import dev.moat.settings.ClusterDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide questions about decisions, answered from every member's own memory: this
 * node's answers to the others ({@link LocalQueries}: its records, the last session it saw from
 * an address, an impact preview over the sessions it remembers) and the merged answers it gives
 * its admin API: records of every member newest first, the members that did not answer named
 * under {@code missing}; and, for the console's cluster page, each member's SMTP traffic. Members answer within {@link #DEADLINE} ({@link #PREVIEW_DEADLINE} for a
 * preview, which replays sessions).
 */
final class ClusterDecisions implements LocalQueries {
    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final Duration PREVIEW_DEADLINE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int WHY_DECISIONS = 20;

    private final Node node;
    private final ImpactPreview preview;
    private final long startedMillis = System.currentTimeMillis();

    ClusterDecisions(Node node, ImpactPreview preview) {
        this.node = node;
        this.preview = preview;
    }

    // ---- what this member answers ---------------------------------------------------------

    @Override
    public String answer(String kind, String argument) {
        Map<String, Object> question = read(argument);
        DecisionRecords records = node.decisionRecords();
        var answer = new LinkedHashMap<String, Object>();
        switch (kind) {
            case "decisions" -> answer.put("records", views(records.find(filter(question))));
            case "why" -> {
                IpAddress address = IpAddress.parse((String) question.get("address"));
                answer.put("records", views(records.find(new DecisionFilter(address, null, null, 0, WHY_DECISIONS))));
                answer.put("lastSession", records.lastSession(address).map(WhyAnswer::lastSeen).orElse(null));
            }
            case "preview" -> answer.putAll(previewHere((String) question.get("name"), (String) question.get("text")));
            case "traffic" -> answer.putAll(NodeTraffic.of(node.registry(), startedMillis));
            case "preview-file" -> answer.putAll(replayed(node.previewSettingsFile((String) question.get("text"))));
            default -> answer.put("error", "no such question: " + kind);
        }
        return write(answer);
    }

    private Map<String, Object> previewHere(String name, String text) {
        var kind = ClusterDocuments.named(name);
        if (kind.isEmpty()) {
            return Map.of("error", "no document named " + name);
        }
        return replayed(node.previewSettings(kind.get(), text));
    }

    private Map<String, Object> replayed(dev.moat.settings.SettingsResult<dev.moat.settings.EffectiveSettings> proposed) {
        if (!proposed.ok()) {
            return Map.of("errors", proposed.errors().stream().map(Object::toString).toList());
        }
        var sessions = node.decisionRecords().recentSessions(Integer.MAX_VALUE);
        return preview.replay(sessions, node.settings(), proposed.value());
    }

    private static DecisionFilter filter(Map<String, Object> q) {
        Object address = q.get("address");
        return new DecisionFilter(address == null ? null : IpAddress.parse((String) address), (String) q.get("ref"),
                (String) q.get("check"), ((Number) q.getOrDefault("since", 0)).longValue(),
                ((Number) q.getOrDefault("limit", 100)).intValue());
    }

    static List<Map<String, Object>> views(List<DecisionRecord> records) {
        var views = new ArrayList<Map<String, Object>>(records.size());
        for (DecisionRecord record : records) {
            var view = record.fields();
            view.put("timeMillis", record.timeMillis());
            views.add(view);
        }
        return views;
    }

    // ---- what this node asks every member ---------------------------------------------------

    /** {@code GET /api/v1/decisions}: every member's records that pass the filter, newest first, at most {@code limit}. */
    Map<String, Object> decisions(IpAddress address, String ref, String check, long since, int limit) {
        var question = new LinkedHashMap<String, Object>();
        question.put("address", address == null ? null : address.toString());
        question.put("ref", ref);
        question.put("check", check);
        question.put("since", since);
        question.put("limit", limit);
        return merged("decisions", question, limit, DEADLINE);
    }

    /** {@code GET /api/v1/cluster/traffic}: each member's own SMTP traffic ({@link NodeTraffic}) by node, and who is missing. */
    Map<String, Object> traffic() {
        Map<String, Object> asked = merged("traffic", Map.of(), 0, DEADLINE);
        asked.remove("records");
        return asked;
    }

    /**
     * The impact preview of {@code text} as the next version of document {@code name} over the
     * sessions every member remembers: the members' counts added up, their addresses joined (each
     * once, sorted), their examples together, each member's own answer under {@code members}.
     */
    Map<String, Object> preview(String name, String text) {
        return summed(merged("preview", Map.of("name", name, "text", text), 0, PREVIEW_DEADLINE));
    }

    /**
     * The impact preview of {@code text} as the settings file of every member (as the Helm chart
     * gives them all one file), each member replaying the sessions it remembers with that file and
     * its own cluster-wide layer; summed as {@link #preview}. A member that refuses the file says
     * why under its own answer.
     */
    Map<String, Object> previewSettingsFile(String text) {
        return summed(merged("preview-file", Map.of("text", text), 0, PREVIEW_DEADLINE));
    }

    private static Map<String, Object> summed(Map<String, Object> asked) {
        long replayed = 0;
        long refused = 0;
        long accepted = 0;
        var refusedAddresses = new java.util.TreeSet<String>();
        var acceptedAddresses = new java.util.TreeSet<String>();
        var examples = new ArrayList<Object>();
        @SuppressWarnings("unchecked")
        var members = (Map<String, Map<String, Object>>) asked.get("members");
        for (var member : members.values()) {
            replayed += ((Number) member.getOrDefault("sessionsReplayed", 0)).longValue();
            refused += ((Number) member.getOrDefault("newlyRefusedSessions", 0)).longValue();
            accepted += ((Number) member.getOrDefault("newlyAcceptedSessions", 0)).longValue();
            refusedAddresses.addAll(strings(member.get("newlyRefusedAddresses")));
            acceptedAddresses.addAll(strings(member.get("newlyAcceptedAddresses")));
            if (member.get("examples") instanceof List<?> some) {
                examples.addAll(some);
            }
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("sessionsReplayed", replayed);
        out.put("newlyRefusedSessions", refused);
        out.put("newlyRefusedAddresses", List.copyOf(refusedAddresses));
        out.put("newlyAcceptedSessions", accepted);
        out.put("newlyAcceptedAddresses", List.copyOf(acceptedAddresses));
        out.put("examples", examples.subList(0, Math.min(20, examples.size())));
        out.put("replayed", "the address lists (with each session's reverse name and RBL answer as seen), the"
                + " Router (relay, error targets, the Return-Path's Router part, spam traps), HELO and next-hop checks,"
                + " in their modes; not the Return-Path's DNS checks, new DNS lookups or content checks");
        out.put("members", members);
        out.put("answered", asked.get("answered"));
        out.put("missing", asked.get("missing"));
        return out;
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> items ? items.stream().map(String::valueOf).toList() : List.of();
    }

    /** Every member's answers to {@code kind}: records merged newest first, the rest by node; and who is missing. */
    Map<String, Object> merged(String kind, Map<String, Object> question, int limit, Duration deadline) {
        ClusterQueries.Answers answers = node.member().queries().ask(kind, write(question), deadline);
        var records = new ArrayList<Map<String, Object>>();
        var byNode = new LinkedHashMap<String, Object>();
        for (var member : answers.answers()) {
            Map<String, Object> answer = read(member.text());
            Object found = answer.remove("records");
            if (found instanceof List<?> list) {
                for (Object record : list) {
                    @SuppressWarnings("unchecked")
                    var view = (Map<String, Object>) record;
                    records.add(view);
                }
            }
            byNode.put(member.node(), answer);
        }
        records.sort(Comparator.comparingLong((Map<String, Object> r) -> ((Number) r.get("timeMillis")).longValue())
                .reversed());
        var out = new LinkedHashMap<String, Object>();
        out.put("records", records.subList(0, Math.min(limit, records.size())));
        out.put("members", byNode);
        out.put("answered", answers.answers().stream().map(ClusterQueries.MemberAnswer::node).sorted().toList());
        out.put("missing", answers.missing());
        return out;
    }

    static Map<String, Object> read(String text) {
        try {
            return text == null || text.isEmpty() ? new LinkedHashMap<>() : JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value.getClass(), e);
        }
    }
}
