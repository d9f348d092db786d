package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.cluster.ClusterDocument;
import dev.moat.cluster.ReplaceResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET} and {@code PUT /api/v1/cluster/documents/{name}}. A document's version is its
 * strong {@code ETag}; a replace must name the version it replaces in {@code If-Match} (428
 * without), is validated as a whole first (400 with every error's line, nothing stored), and
 * is refused with 409 and the current version when someone else changed the document since.
 * Password hashes are shown as placeholders (every answer passes through {@link HiddenHashes});
 * a placeholder sent back keeps the stored hash it stands for.
 */
final class DocumentRoutes {

    private static final Pattern STRONG_ETAG = Pattern.compile("\"(\\d{1,18})\"");

    private final AdminBackend backend;

    DocumentRoutes(AdminBackend backend) {
        this.backend = backend;
    }

    AdminAnswer get(AdminRequest request, String name) {
        Optional<ClusterDocument> found = known(name) ? backend.documents().get(name) : Optional.empty();
        if (found.isEmpty()) {
            return error(404, "no document named " + name);
        }
        ClusterDocument document = found.get();
        AdminAnswer answer = wantsJson(request)
                ? json(200, view(document))
                : AdminAnswer.text(200, AdminAnswer.YAML, document.text());
        return answer.withHeader("ETag", etag(document));
    }

    AdminAnswer put(AdminRequest request, String name) {
        if (!known(name)) {
            return error(404, "no document named " + name);
        }
        if ("true".equals(request.parameter("preview"))) {
            return preview(request, name);
        }
        String ifMatch = request.header("If-Match");
        if (ifMatch == null) {
            return error(428, "a change needs If-Match with the version it replaces, such as \"7\"");
        }
        OptionalLong expected = version(ifMatch);
        if (expected.isEmpty()) {
            return error(400, "If-Match must be one version in quotes, such as \"7\", not " + ifMatch);
        }
        Optional<String> text = utf8(request.body());
        if (text.isEmpty()) {
            return error(400, "the document is not UTF-8 text");
        }
        Optional<ClusterDocument> current = backend.documents().get(name);
        if (current.isPresent() && current.get().version() != expected.getAsLong()) {
            return conflict(name, current.get(), expected.getAsLong());
        }
        HiddenHashes.Restored restored = HiddenHashes.restore(text.get(),
                current.map(ClusterDocument::text).orElse(""));
        if (!restored.ok()) {
            return error(400, "the placeholders " + restored.unknown() + " stand for no password hash of version "
                    + expected.getAsLong() + " of " + name + "; give a hash made by moat-node hash-password");
        }
        List<ValidationError> errors = backend.validator().validate(name, restored.text());
        if (!errors.isEmpty()) {
            return json(400, Map.of("errors", errors));
        }
        ReplaceResult result = backend.documents()
                .replace(name, expected.getAsLong(), restored.text(), "admin-api@" + request.remoteAddress());
        if (result instanceof ReplaceResult.Conflict conflict) {
            return conflict(name, conflict.current(), expected.getAsLong());
        }
        return json(200, view(result.document())).withHeader("ETag", etag(result.document()));
    }

    /**
     * {@code ?preview=true}: the new version is validated like a replace (400 with every error),
     * then replayed over the sessions every member remembers instead of being saved; no
     * {@code If-Match} is needed, since nothing changes.
     */
    private AdminAnswer preview(AdminRequest request, String name) {
        Optional<String> text = utf8(request.body());
        if (text.isEmpty()) {
            return error(400, "the document is not UTF-8 text");
        }
        Optional<ClusterDocument> current = backend.documents().get(name);
        HiddenHashes.Restored restored = HiddenHashes.restore(text.get(),
                current.map(ClusterDocument::text).orElse(""));
        if (!restored.ok()) {
            return error(400, "the placeholders " + restored.unknown() + " stand for no password hash of " + name);
        }
        List<ValidationError> errors = backend.validator().validate(name, restored.text());
        if (!errors.isEmpty()) {
            return json(400, Map.of("errors", errors));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("document", name);
        body.put("saved", false);
        body.putAll(backend.previewDocument(name, restored.text()));
        return json(200, body);
    }

    private static AdminAnswer conflict(String name, ClusterDocument current, long expected) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "document " + name + " is at version " + current.version()
                + ", not " + expected + "; read it again and reapply the change");
        body.put("currentVersion", current.version());
        return json(409, body).withHeader("ETag", etag(current));
    }

    private boolean known(String name) {
        return ClusterDocument.isValidName(name) && backend.documentNames().contains(name);
    }

    private static boolean wantsJson(AdminRequest request) {
        String accept = request.header("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static String etag(ClusterDocument document) {
        return "\"" + document.version() + "\"";
    }

    private static OptionalLong version(String ifMatch) {
        Matcher matcher = STRONG_ETAG.matcher(ifMatch.strip());
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** {@code body} as text, when it is well-formed UTF-8. */
    static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> view(ClusterDocument document) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", document.name());
        view.put("version", document.version());
        view.put("text", document.text());
        view.put("updatedBy", document.updatedBy());
        view.put("updatedAt", Instant.ofEpochMilli(document.updatedAtMillis()).toString());
        return view;
    }
}
