package dev.moat.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request target of an admin request, decoded, or what is wrong with it. Refused: a target
 * that is not a path starting with {@code /}; an encoded slash or backslash ({@code %2F},
 * {@code %5C}) or a raw backslash, which would let one segment pose as two; a {@code .} or
 * {@code ..} segment, written or encoded ({@code %2e%2e}); a malformed {@code %} escape;
 * control characters (NUL, CR, LF included) once decoded. The routes then see only clean
 * paths and never have to think about traversal.
 */
record RequestPath(String path, Map<String, List<String>> query, String problem) {

    static RequestPath parse(String target) {
        if (!target.startsWith("/")) {
            return refused("the request target must be a path starting with /");
        }
        int queryStart = target.indexOf('?');
        String raw = (queryStart < 0 ? target : target.substring(0, queryStart)).toLowerCase(Locale.ROOT);
        if (raw.contains("%2f") || raw.contains("%5c") || raw.contains("\\")) {
            return refused("the path holds an encoded slash (%2F) or a backslash; write each path segment plainly");
        }
        QueryStringDecoder decoder = new QueryStringDecoder(target, StandardCharsets.UTF_8);
        String path;
        Map<String, List<String>> query;
        try {
            path = decoder.path();
            query = decoder.parameters();
        } catch (IllegalArgumentException e) {
            return refused("the path or query holds a malformed %-escape");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return refused("the path holds a '.' or '..' segment (written or encoded, such as %2e%2e)");
            }
        }
        boolean control = path.chars().anyMatch(Character::isISOControl)
                || query.entrySet().stream().anyMatch(e -> hasControl(e.getKey()) || e.getValue().stream().anyMatch(RequestPath::hasControl));
        if (control) {
            return refused("the path or query holds a control character");
        }
        return new RequestPath(path, query, null);
    }

    boolean ok() {
        return problem == null;
    }

    private static RequestPath refused(String problem) {
        return new RequestPath("", Map.of(), problem);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
