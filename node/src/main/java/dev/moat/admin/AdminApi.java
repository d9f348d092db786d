package dev.moat.admin;

import static dev.moat.admin.AdminAnswer.error;
import static dev.moat.admin.AdminAnswer.json;

import dev.moat.cluster.MemberStatus;
import dev.moat.net.IpAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin routes, free of Netty: one request in, one answer out. {@link #routes()} is the
 * whole table; only the routes marked open there ({@code /health/live}, {@code /health/ready},
 * {@code /metrics}) answer without the admin token, and every other request, reads and
 * unknown paths included, gets 401 before anything else happens (refusals are logged by
 * {@link RefusalLog}). Then an unknown path is 404 and a method a path does not take 405 with
 * {@code Allow}. Every answer passes through {@link HiddenHashes}, so no route can show a
 * password hash. Every error body is JSON {@code {"error": ...}}; an unexpected failure is a
 * 500 and is logged. Pages plugged in ({@link AdminPages}, the web console) get the requests
 * under their prefix before the token check, and call the routes in-process through
 * {@link AdminCalls} once they have authenticated their user.
 */
final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** What answers one method of a route: the request and the path's one parameter ("" when none). */
    @FunctionalInterface
    interface Handler {
        AdminAnswer answer(AdminRequest request, String parameter);
    }

    /**
     * One path of the API: its template, with at most one {@code {parameter}} standing for one
     * path segment (possibly empty), whether it answers without the token, and its methods.
     */
    record Route(String template, boolean open, Map<String, Handler> methods) {
        Route {
            methods = Map.copyOf(methods);
        }

        Pattern pattern() {
            return Pattern.compile(Pattern.quote(template).replaceAll("\\{[a-z@]+\\}", "\\\\E([^/]*)\\\\Q"));
        }
    }

    private final AdminBackend backend;
    private final Supplier<String> token;
    private final RefusalLog refusals = new RefusalLog();
    private final List<Route> routes;
    private final List<Pattern> patterns;
    private final Optional<AdminPages> pages;

    AdminApi(AdminBackend backend, Supplier<String> token) {
        this(backend, token, null, false);
    }

    /** As above, with the pages {@code factory} makes served under their prefix (none when null). */
    AdminApi(AdminBackend backend, Supplier<String> token, AdminPages.Factory factory, boolean https) {
        this.backend = backend;
        this.token = token;
        DocumentRoutes documents = new DocumentRoutes(backend);
        DirectoryRoutes directory = new DirectoryRoutes(backend);
        DecisionRoutes decisions = new DecisionRoutes(backend);
        var routes = new java.util.ArrayList<>(List.of(
                open("/health/live", (r, p) -> json(200, Map.of("status", "UP"))),
                open("/health/ready", (r, p) -> readiness()),
                open("/metrics", (r, p) -> AdminAnswer.text(200, AdminAnswer.PROMETHEUS, backend.scrapeMetrics())),
                new Route("/api/v1/node/versions", false, Map.of("GET", (r, p) -> json(200, backend.nodeVersions()))),
                new Route("/api/v1/node/settings", false, Map.of("GET", (r, p) -> json(200, backend.settingsReport()))),
                new Route("/api/v1/cluster/members", false, Map.of("GET", (r, p) -> members())),
                new Route("/api/v1/cluster/traffic", false, Map.of("GET", (r, p) -> json(200, backend.clusterTraffic()))),
                new Route("/api/v1/route", false, Map.of("GET", (r, p) -> RouteQuery.answer(backend, r))),
                new Route("/api/v1/cluster/documents/{name}", false, Map.of("GET", documents::get, "PUT", documents::put)),
                new Route("/api/v1/address-status/{ip}", false, Map.of("GET", (r, p) -> addressStatus(p))),
                new Route("/api/v1/decisions", false, Map.of("GET", decisions::decisions)),
                new Route("/api/v1/why/{ip}", false, Map.of("GET", decisions::why)),
                new Route("/api/v1/node/settings/preview", false, Map.of("POST", decisions::previewSettingsFile)),
                new Route("/api/v1/directory/accounts/{user@domain}", false, Map.of(
                        "GET", (r, p) -> directory.getAccount(p),
                        "PUT", directory::putAccount,
                        "DELETE", directory::deleteAccount)),
                new Route("/api/v1/directory/domains/{domain}", false, Map.of(
                        "PUT", directory::putDomain,
                        "DELETE", directory::deleteDomain))));
        routes.addAll(new TemporaryListRoutes(backend).routes());
        this.routes = List.copyOf(routes);
        this.patterns = routes.stream().map(Route::pattern).toList();
        this.pages = Optional.ofNullable(factory).map(f -> f.create(this::handleAuthenticated, new AdminTokenCheck(token, refusals), https));
    }

    AdminApi(AdminBackend backend, String token) {
        this(backend, () -> token);
    }

    /** Every route this API answers, in the order they are tried. */
    List<Route> routes() {
        return routes;
    }

    AdminAnswer handle(AdminRequest request) {
        AdminAnswer answer;
        try {
            answer = route(request);
        } catch (RuntimeException e) {
            log.error("Admin request {} {} failed", request.method(), request.path(), e);
            answer = error(500, "internal error: " + e.getClass().getSimpleName());
        }
        return hidden(answer);
    }

    private static AdminAnswer hidden(AdminAnswer answer) {
        return new AdminAnswer(answer.status(), answer.contentType(), answer.headers(), HiddenHashes.hide(answer.body()));
    }

    /** The answer to a request whose sender the caller has authenticated: the token check is skipped. */
    private AdminAnswer handleAuthenticated(AdminRequest request) {
        try {
            return hidden(find(request).map(found -> dispatch(request, found.route(), found.parameter()))
                    .orElseGet(() -> error(404, "no such path: " + request.path())));
        } catch (RuntimeException e) {
            log.error("Admin request {} {} failed", request.method(), request.path(), e);
            return error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /** A route and the value of its parameter. */
    private record Found(Route route, String parameter) {
    }

    private Optional<Found> find(AdminRequest request) {
        for (int i = 0; i < routes.size(); i++) {
            Matcher matcher = patterns.get(i).matcher(request.path());
            if (matcher.matches()) {
                return Optional.of(new Found(routes.get(i), matcher.groupCount() > 0 ? matcher.group(1) : ""));
            }
        }
        return Optional.empty();
    }

    private boolean forPages(String path) {
        return pages.isPresent() && (path.equals(pages.get().prefix()) || path.startsWith(pages.get().prefix() + "/"));
    }

    private AdminAnswer route(AdminRequest request) {
        if (forPages(request.path())) {
            return pages.get().answer(request);
        }
        Optional<Found> found = find(request);
        if (found.isEmpty() || !found.get().route().open()) {
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                refusals.refused(request.remoteAddress(), request.method(), request.path(), refusal.get());
                return error(401, "this request needs Authorization: Bearer <admin token>")
                        .withHeader("WWW-Authenticate", "Bearer realm=\"moat-admin\"");
            }
        }
        if (found.isEmpty()) {
            return error(404, "no such path: " + request.path());
        }
        return dispatch(request, found.get().route(), found.get().parameter());
    }

    private static AdminAnswer dispatch(AdminRequest request, Route route, String parameter) {
        Handler handler = route.methods().get(request.method());
        if (handler == null) {
            return error(405, request.method() + " is not allowed on " + request.path())
                    .withHeader("Allow", String.join(", ", new TreeMap<>(route.methods()).keySet()));
        }
        return handler.answer(request, parameter);
    }

    /** Why the request may not pass, or empty when it carries the admin token. */
    private Optional<String> refusal(AdminRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return Optional.of("no Authorization header");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("not a Bearer token");
        }
        return AdminToken.sameToken(token.get(), authorization.substring(7).strip())
                ? Optional.empty() : Optional.of("wrong token");
    }

    private static Route open(String path, Handler get) {
        return new Route(path, true, Map.of("GET", get));
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
