package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.cluster.MemberStatus;
import dev.moat.net.IpAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin routes, free of Netty: one request in, one answer out. Unknown paths are 404, a
 * method a path does not take is 405 with {@code Allow}, and a change under {@code /api/}
 * without the admin token is 401 before anything else happens. Every error body is JSON
 * {@code {"error": ...}}; an unexpected failure is a 500 and is logged.
 */
final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final Pattern DOCUMENT = Pattern.compile("/api/v1/cluster/documents/([^/]+)");
    private static final Pattern ADDRESS_STATUS = Pattern.compile("/api/v1/address-status/(.*)");
    private static final Pattern ACCOUNT = Pattern.compile("/api/v1/directory/accounts/([^/]+)");
    private static final Pattern DOMAIN = Pattern.compile("/api/v1/directory/domains/([^/]+)");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminBackend backend;
    private final String token;
    private final DocumentRoutes documents;
    private final DirectoryRoutes directory;

    AdminApi(AdminBackend backend, String token) {
        this.backend = backend;
        this.token = token;
        this.documents = new DocumentRoutes(backend);
        this.directory = new DirectoryRoutes(backend);
    }

    AdminAnswer handle(AdminRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            log.error("Admin request {} {} failed", request.method(), request.path(), e);
            return error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private AdminAnswer route(AdminRequest request) {
        switch (request.path()) {
            case "/health/live":
                return dispatch(request, Map.of("GET", r -> json(200, Map.of("status", "UP"))));
            case "/health/ready":
                return dispatch(request, Map.of("GET", r -> readiness()));
            case "/metrics":
                return dispatch(request, Map.of("GET",
                        r -> AdminAnswer.text(200, AdminAnswer.PROMETHEUS, backend.scrapeMetrics())));
            case "/api/v1/node/versions":
                return dispatch(request, Map.of("GET", r -> json(200, backend.nodeVersions())));
            case "/api/v1/cluster/members":
                return dispatch(request, Map.of("GET", r -> members()));
            case "/api/v1/route":
                return dispatch(request, Map.of("GET", r -> RouteQuery.answer(backend, r)));
            default:
                Matcher document = DOCUMENT.matcher(request.path());
                if (document.matches()) {
                    String name = document.group(1);
                    return dispatch(request, Map.of(
                            "GET", r -> documents.get(r, name),
                            "PUT", r -> documents.put(r, name)));
                }
                Matcher address = ADDRESS_STATUS.matcher(request.path());
                if (address.matches()) {
                    return dispatch(request, Map.of("GET", r -> addressStatus(address.group(1))));
                }
                Matcher account = ACCOUNT.matcher(request.path());
                if (account.matches()) {
                    String name = account.group(1);
                    return dispatch(request, Map.of(
                            "GET", r -> directory.getAccount(name),
                            "PUT", r -> directory.putAccount(r, name),
                            "DELETE", r -> directory.deleteAccount(r, name)));
                }
                Matcher domain = DOMAIN.matcher(request.path());
                if (domain.matches()) {
                    String name = domain.group(1);
                    return dispatch(request, Map.of(
                            "PUT", r -> directory.putDomain(r, name),
                            "DELETE", r -> directory.deleteDomain(r, name)));
                }
                return error(404, "no such path: " + request.path());
        }
    }

    private AdminAnswer dispatch(AdminRequest request, Map<String, Function<AdminRequest, AdminAnswer>> byMethod) {
        Function<AdminRequest, AdminAnswer> handler = byMethod.get(request.method());
        if (handler == null) {
            return error(405, request.method() + " is not allowed on " + request.path())
                    .withHeader("Allow", String.join(", ", new TreeMap<>(byMethod).keySet()));
        }
        if (!SAFE_METHODS.contains(request.method()) && request.path().startsWith("/api/") && !authorized(request)) {
            log.debug("Refused {} {} from {} without a valid token", request.method(), request.path(),
                    request.remoteAddress());
            return error(401, "this change needs Authorization: Bearer <admin token>")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"moat-admin\"");
        }
        return handler.apply(request);
    }

    private boolean authorized(AdminRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return AdminToken.sameToken(token, authorization.substring(7).strip());
    }

    private AdminAnswer readiness() {
        Readiness readiness = backend.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ready() ? "UP" : "DOWN");
        body.put("reasons", readiness.reasons());
        return json(readiness.ready() ? 200 : 503, body);
    }

    /** Test Address: 400 unless the path ends in one IP address literal. */
    private AdminAnswer addressStatus(String text) {
        IpAddress address;
        try {
            address = IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage() + "; give one IP address such as 192.0.2.7 or 2001:db8::7");
        }
        return json(200, backend.addressStatus(address));
    }

    private AdminAnswer members() {
        List<Map<String, Object>> members = backend.memberStatuses().stream().map(AdminApi::view).toList();
        return json(200, Map.of("members", members));
    }

    private static Map<String, Object> view(MemberStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("memberId", status.memberId());
        view.put("nodeName", status.nodeName());
        view.put("address", status.address());
        view.put("serverSettingsVersion", status.serverSettingsVersion());
        view.put("appliedDocumentVersions", status.appliedDocumentVersions());
        view.put("updatedAt", Instant.ofEpochMilli(status.updatedAtMillis()).toString());
        return view;
    }
}
