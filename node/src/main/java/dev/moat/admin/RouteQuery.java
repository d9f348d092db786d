package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.mail.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/route?address=joe@mydomain.example}: where this node's Router (server-wide
 * records, then cluster-wide) sends one address, with every step taken: the record applied
 * and the can-relay marker after it. Reading only; it needs no token.
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
        return json(200, view(backend.route(address)));
    }

    static Map<String, Object> view(Route route) {
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
        return body;
    }
}
