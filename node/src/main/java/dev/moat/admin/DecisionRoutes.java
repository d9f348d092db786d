package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.net.IpAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/decisions?address=&ref=&check=&since=&limit=}: the decision records of every
 * member, newest first, with the members that did not answer under {@code missing}; and {@code
 * GET /api/v1/why/{address}}: everything known about one address. {@code since} is an instant
 * ({@code 2026-12-01T10:00:00Z}) or epoch milliseconds; {@code limit} 1 to 10,000 (100). Any
 * parameter that does not read is a 400 saying which, and nothing is asked.
 */
final class DecisionRoutes {
    private static final Pattern REFERENCE = Pattern.compile("[0-9A-Za-z]{1,32}");
    private static final Pattern CHECK = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_LIMIT = 10_000;

    private final AdminBackend backend;

    DecisionRoutes(AdminBackend backend) {
        this.backend = backend;
    }

    AdminAnswer decisions(AdminRequest request, String ignored) {
        IpAddress address = null;
        String text = request.parameter("address");
        if (text != null && !text.isBlank()) {
            var parsed = IpAddress.tryParse(text.strip());
            if (parsed.isEmpty()) {
                return error(400, "address must be one IP address such as 192.0.2.7, not " + text);
            }
            address = parsed.get();
        }
        String ref = blankless(request.parameter("ref"));
        if (ref != null && !REFERENCE.matcher(ref).matches()) {
            return error(400, "ref must be a session reference such as 7KQ2M9XA3B");
        }
        String check = blankless(request.parameter("check"));
        if (check != null && !CHECK.matcher(check).matches()) {
            return error(400, "check must be a check name such as blacklist");
        }
        long since;
        try {
            since = since(blankless(request.parameter("since")));
        } catch (IllegalArgumentException e) {
            return error(400, "since must be an instant such as 2026-12-01T10:00:00Z or epoch milliseconds");
        }
        int limit;
        try {
            String given = blankless(request.parameter("limit"));
            limit = given == null ? 100 : Integer.parseInt(given);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return json(200, backend.decisions(address, ref == null ? null : ref.toUpperCase(java.util.Locale.ROOT),
                check, since, limit));
    }

    AdminAnswer why(AdminRequest request, String text) {
        var address = IpAddress.tryParse(text);
        if (address.isEmpty()) {
            return error(400, "give one IP address such as 192.0.2.7 or 2001:db8::7, not " + text);
        }
        return json(200, backend.why(address.get()));
    }

    /**
     * {@code POST /api/v1/node/settings/preview}: the body, a whole settings file, is validated as
     * this node's (400 with every error, each naming its line), then replayed on every member as
     * its settings file over the sessions it remembers; nothing is saved or applied.
     */
    AdminAnswer previewSettingsFile(AdminRequest request, String ignored) {
        var text = DocumentRoutes.utf8(request.body());
        if (text.isEmpty()) {
            return error(400, "the settings file is not UTF-8 text");
        }
        var errors = backend.settingsFileErrors(text.get());
        if (!errors.isEmpty()) {
            return json(400, java.util.Map.of("errors", errors));
        }
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("settingsFile", "previewed");
        body.put("saved", false);
        body.putAll(backend.previewSettingsFile(text.get()));
        return json(200, body);
    }

    private static long since(String text) {
        if (text == null) {
            return 0;
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String blankless(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
