package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.blocking.AddResult;
import dev.moat.blocking.Prefixes;
import dev.moat.blocking.TemporaryBlocking;
import dev.moat.blocking.TemporaryEntry;
import dev.moat.blocking.TemporaryList;
import dev.moat.net.IpAddress;
import dev.moat.settings.Units;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The temporary lists (blocked, unblockable, debug) in the admin API: {@code GET
 * /api/v1/temporary/LIST?prefix=P&page=N&size=M} pages the entries whose key starts with
 * {@code P}, each with reason, node, start, expiry and seconds left; {@code DELETE} with
 * {@code prefix} removes them all (bulk unblock); {@code GET}, {@code PUT} ({@code
 * {"duration": "1h", "reason": "..."}}) and {@code DELETE} of {@code /api/v1/temporary/LIST/ADDRESS}
 * read, add by hand and remove one entry. Every change is the cluster's at once.
 */
final class TemporaryListRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_PAGE = 1_000;

    private final AdminBackend backend;

    TemporaryListRoutes(AdminBackend backend) {
        this.backend = backend;
    }

    /** The two routes of each list. */
    List<AdminApi.Route> routes() {
        var routes = new ArrayList<AdminApi.Route>();
        for (TemporaryList list : TemporaryList.values()) {
            String path = "/api/v1/temporary/" + list.key();
            routes.add(new AdminApi.Route(path, false, Map.of("GET", (r, p) -> page(list, r), "DELETE",
                    (r, p) -> removeAll(list, r))));
            routes.add(new AdminApi.Route(path + "/{ip}", false, Map.of("GET", (r, p) -> one(list, p),
                    "PUT", (r, p) -> put(list, r, p), "DELETE", (r, p) -> remove(list, p))));
        }
        return routes;
    }

    private AdminAnswer page(TemporaryList list, AdminRequest request) {
        var blocking = backend.temporaryBlocking();
        if (blocking.isEmpty()) {
            return error(503, "temporary blocking is not running here");
        }
        String prefix = Optional.ofNullable(request.parameter("prefix")).orElse("");
        Optional<Integer> page = number(request.parameter("page"), 0);
        Optional<Integer> size = number(request.parameter("size"), 100);
        if (page.isEmpty() || size.isEmpty() || size.get() < 1 || size.get() > MAX_PAGE) {
            return error(400, "page must be 0 or more and size from 1 to " + MAX_PAGE);
        }
        var matching = blocking.get().lists().entries(list).stream().filter(e -> e.getKey().startsWith(prefix)).toList();
        long now = System.currentTimeMillis();
        int from = (int) Math.min((long) page.get() * size.get(), matching.size());
        var entries = matching.subList(from, Math.min(from + size.get(), matching.size())).stream()
                .map(e -> view(e.getKey(), e.getValue(), now)).toList();
        var body = new LinkedHashMap<String, Object>();
        body.put("list", list.key());
        body.put("title", list.title());
        body.put("prefix", prefix);
        body.put("total", matching.size());
        body.put("page", page.get());
        body.put("size", size.get());
        body.put("entries", entries);
        return json(200, body);
    }

    private AdminAnswer removeAll(TemporaryList list, AdminRequest request) {
        var blocking = backend.temporaryBlocking();
        String prefix = request.parameter("prefix");
        if (blocking.isEmpty()) {
            return error(503, "temporary blocking is not running here");
        }
        if (prefix == null || prefix.isBlank()) {
            return error(400, "give ?prefix= (such as 192.0.2. or 2001:db8:) to remove the entries it starts; "
                    + "to empty a list, give the start of every key, such as ?prefix=1 for addresses from 1.");
        }
        int removed = 0;
        for (var entry : blocking.get().lists().entries(list)) {
            if (entry.getKey().startsWith(prefix) && blocking.get().unblock(list, entry.getKey())) {
                removed++;
            }
        }
        return json(200, Map.of("list", list.key(), "prefix", prefix, "removed", removed));
    }

    private AdminAnswer one(TemporaryList list, String key) {
        var blocking = backend.temporaryBlocking();
        Optional<String> bad = badKey(key);
        if (bad.isPresent()) {
            return error(400, bad.get());
        }
        return blocking.flatMap(b -> b.lists().get(list, canonical(key)))
                .map(entry -> json(200, view(canonical(key), entry, System.currentTimeMillis())))
                .orElseGet(() -> error(404, canonical(key) + " is not on the " + list.title() + " list"));
    }

    private AdminAnswer remove(TemporaryList list, String key) {
        var blocking = backend.temporaryBlocking();
        Optional<String> bad = badKey(key);
        if (bad.isPresent()) {
            return error(400, bad.get());
        }
        if (blocking.isEmpty() || !blocking.get().unblock(list, canonical(key))) {
            return error(404, canonical(key) + " is not on the " + list.title() + " list");
        }
        return json(200, Map.of("list", list.key(), "removed", canonical(key)));
    }

    private AdminAnswer put(TemporaryList list, AdminRequest request, String key) {
        var blocking = backend.temporaryBlocking();
        Optional<String> bad = badKey(key);
        if (bad.isPresent()) {
            return error(400, bad.get());
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (IOException e) {
            return error(400, "the body must be JSON such as {\"duration\": \"1h\", \"reason\": \"seen in our logs\"}");
        }
        Optional<Duration> duration = body == null ? Optional.empty()
                : Units.parseDuration(body.path("duration").asText(""));
        String reason = body == null ? "" : body.path("reason").asText("").strip();
        if (duration.isEmpty() || duration.get().isZero() || duration.get().compareTo(Duration.ofDays(30)) > 0) {
            return error(400, "duration must be " + Units.DURATION_FORM + ", at most 30d");
        }
        if (reason.isEmpty() || reason.length() > 500) {
            return error(400, "reason must be a text of 1 to 500 characters");
        }
        if (blocking.isEmpty()) {
            return error(503, "temporary blocking is not running here");
        }
        AddResult result = blocking.get().put(list, canonical(key), "by hand: " + reason, duration.get(),
                Integer.MAX_VALUE, "admin");
        if (result == AddResult.ALREADY_LISTED) {
            return error(409, canonical(key) + " is on the " + list.title() + " list already; DELETE it first");
        }
        return json(201, view(canonical(key), blocking.get().lists().get(list, canonical(key)).orElseThrow(),
                System.currentTimeMillis()));
    }

    /**
     * An address, or an aggregation prefix. A prefix cannot reach this route in a path (the
     * request path refuses an encoded slash before any route is tried); its entry is shown and
     * removed through the list routes with {@code ?prefix=} and its exact key, as the console does.
     */
    private static Optional<String> badKey(String key) {
        if (Prefixes.isPrefix(key)) {
            String[] parts = key.split("/", 2);
            var address = IpAddress.tryParse(parts[0]);
            if (address.isPresent() && Prefixes.of(address.get()).equals(key)) {
                return Optional.empty();
            }
            return Optional.of(key + " is neither an address nor an aggregation prefix (an IPv6 /64, an IPv4 /24)");
        }
        return IpAddress.tryParse(key).isPresent() ? Optional.empty()
                : Optional.of(key + " is not an IP address such as 192.0.2.7 or 2001:db8::7");
    }

    private static String canonical(String key) {
        return Prefixes.isPrefix(key) ? key : IpAddress.parse(key).toString();
    }

    static Map<String, Object> view(String key, TemporaryEntry entry, long now) {
        var view = new LinkedHashMap<String, Object>();
        view.put("address", key);
        view.put("reason", entry.reason());
        view.put("node", entry.node());
        view.put("start", Instant.ofEpochMilli(entry.startMillis()).toString());
        view.put("expires", Instant.ofEpochMilli(entry.untilMillis()).toString());
        view.put("secondsLeft", entry.millisLeft(now) / 1000);
        return view;
    }

    private static Optional<Integer> number(String text, int absent) {
        if (text == null) {
            return Optional.of(absent);
        }
        return text.matches("\\d{1,7}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }
}
