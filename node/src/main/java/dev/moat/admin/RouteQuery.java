package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.delivery.NextHops;
import dev.moat.mail.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/route?address=joe@mydomain.example}: where this node's Router (server-wide
 * records, then cluster-wide) sends one address, with every step taken: the record applied
 * and the can-relay marker after it; then the next hop it goes to and the address that next
 * hop receives, for a Stranger ({@code nextHop}) and for a Client or a user with Relay
 * ({@code clientNextHop}), or the refusal. Reading only.
 */
final class RouteQuery {
    private static final int MAX_ADDRESS = 512;

    private RouteQuery() {
    }

    static AdminAnswer answer(AdminBackend backend, AdminRequest request) {
        String address = request.parameter("address");
        if (address == null || address.isBlank()) {
            return error(400, "give the address to route: /api/v1/route?address=user@example.com");
        }
        address = address.strip();
        if (address.length() > MAX_ADDRESS || address.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return error(400, "an address is printable ASCII without spaces, at most " + MAX_ADDRESS + " characters");
        }
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1);
        }
        return json(200, view(address, backend.route(address), backend.nextHops()));
    }

    static Map<String, Object> view(String address, Route route, NextHops hops) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", route.steps().get(0).address());
        body.put("outcome", route.outcome().name().toLowerCase(Locale.ROOT));
        body.put("routedTo", route.address());
        body.put("host", route.host());
        body.put("canRelay", route.canRelay());
        body.put("errorText", route.errorText());
        List<Map<String, Object>> steps = route.steps().stream().map(step -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("operation", step.operation());
            row.put("record", step.record());
            row.put("address", step.address());
            row.put("marker", step.marker());
            return row;
        }).toList();
        body.put("steps", steps);
        body.put("nextHop", nextHop(hops.decide(address, route, false)));
        body.put("clientNextHop", nextHop(hops.decide(address, route, true)));
        return body;
    }

    /** Where the address goes for one kind of sender: the next hop and the envelope, or the refusal, or neither. */
    private static Map<String, Object> nextHop(NextHops.Decision decision) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (decision.delivers()) {
            view.put("name", decision.hop().name());
            view.put("setting", decision.hop().setting());
            view.put("address", decision.hop().address().map(Object::toString).orElse(null));
            view.put("envelope", decision.envelope());
        } else if (decision.refused()) {
            view.put("refused", decision.refusal().lines().get(0));
        }
        view.put("reason", decision.reason());
        return view;
    }
}
