package dev.moat.console;

import dev.moat.admin.AdminAnswer;
import dev.moat.admin.AdminCalls;
import dev.moat.admin.AdminPages;
import dev.moat.admin.AdminRequest;
import dev.moat.admin.AdminTokenCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console/} on the admin port of every node: server-rendered
 * HTML, no script, its style sheet served by the node. A login with the admin token (the API's
 * own constant-time check; failures slowed per address by {@link LoginThrottle}) makes a
 * session ({@link Sessions}) whose random id is a cookie that is {@code HttpOnly},
 * {@code SameSite=Strict}, and {@code Secure} (named {@code __Host-moat-console}) when the port
 * speaks HTTPS. Every POST must carry the session's CSRF token and, when the browser sends an
 * {@code Origin} or {@code Referer}, come from this very origin; anything else is refused and
 * changes nothing. Pages ({@link Pages#all()}) reach the node only through the API's routes
 * ({@link Api}). Neither the token nor any secret is ever put in a page or a log.
 */
public final class Console implements AdminPages {
    static final String PREFIX = "/console";
    static final String COOKIE = "moat-console";
    static final String SECURE_COOKIE = "__Host-moat-console";
    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final AdminCalls calls;
    private final AdminTokenCheck token;
    private final boolean https;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final List<ConsolePage> pages = Pages.all();
    private final byte[] css = Assets.read("console.css");
    private final byte[] icon = Assets.read("favicon.svg");

    Console(AdminCalls calls, AdminTokenCheck token, boolean https, Clock clock) {
        this.calls = calls;
        this.token = token;
        this.https = https;
        this.sessions = new Sessions(clock);
        this.throttle = new LoginThrottle(clock);
    }

    /** The console as the admin server makes it, on the API it serves. */
    public static AdminPages.Factory factory() {
        return (calls, token, https) -> new Console(calls, token, https, Clock.systemUTC());
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public AdminAnswer answer(AdminRequest request) {
        String path = request.path().substring(PREFIX.length());
        if (path.isEmpty()) {
            return redirect(PREFIX + "/");
        }
        String page = path.substring(1);
        boolean post = request.method().equals("POST");
        if (!post && !request.method().equals("GET")) {
            return AdminAnswer.text(405, "text/plain; charset=utf-8", "GET or POST only\n").withHeader("Allow", "GET, POST");
        }
        if (page.equals("static/console.css")) {
            return asset("text/css; charset=utf-8", css);
        }
        if (page.equals("static/favicon.svg")) {
            return asset("image/svg+xml", icon);
        }
        if (post && !sameOrigin(request)) {
            return refused(403, "This change did not come from a page of this console (its Origin or Referer names another site). Nothing was changed.");
        }
        if (page.equals("login")) {
            return post ? login(request) : html(200, loginPage(""));
        }
        Optional<Sessions.Session> session = session(request);
        if (session.isEmpty()) {
            return post ? refused(403, "Your session has ended (or never began): log in again. Nothing was changed.")
                    : redirect(PREFIX + "/login");
        }
        Form form = post ? Form.parse(new String(request.body(), StandardCharsets.UTF_8)) : Form.parse("");
        if (post && !sameSecret(form.value("csrf"), session.get().csrf())) {
            log.warn("Console POST {} from {} refused: no valid CSRF token", request.path(), request.remoteAddress());
            return refused(403, "This form is not from your session (its CSRF token is missing or wrong). Nothing was changed; reload the page and try again.");
        }
        if (page.equals("logout") && post) {
            sessions.end(session.get().id());
            log.info("Console logout from {}", request.remoteAddress());
            return redirect(PREFIX + "/login").withHeader("Set-Cookie", cookie("", 0));
        }
        return pages.stream().filter(p -> p.path().equals(page)).findFirst()
                .map(p -> show(p, request, session.get(), form, post))
                .orElseGet(() -> refused(404, "There is no console page " + page + "."));
    }

    private AdminAnswer show(ConsolePage page, AdminRequest request, Sessions.Session session, Form form, boolean post) {
        Api api = new Api(calls, request.remoteAddress());
        Form query = new Form(request.query());
        PageContext context = new PageContext(api, query, form, page.path(), session.csrf());
        PageResult result;
        try {
            result = post ? page.post(context) : page.get(context);
        } catch (RuntimeException e) {
            log.error("Console page {} failed", page.path(), e);
            result = PageResult.page(500, Html.render("<h1>{{t}}</h1><p>The node could not answer this page: {{e}}</p>",
                    "t", page.title(), "e", e.getClass().getSimpleName()));
        }
        if (result.redirect() != null) {
            session.flash(result.flash());
            return redirect(result.redirect());
        }
        String node = Parts.text(api.get("/api/v1/node/versions").json().path("node"));
        return html(result.status(), Layout.page(page.title(), node, pages, page, session.csrf(), session.takeFlash(), result.main()));
    }

    private AdminAnswer login(AdminRequest request) {
        String address = request.remoteAddress();
        Duration wait = throttle.wait(address);
        if (!wait.isZero()) {
            return html(429, loginPage("Too many failed logins from your address: try again in "
                    + Math.max(1, wait.toSeconds()) + " seconds.")).withHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
        }
        Form form = Form.parse(new String(request.body(), StandardCharsets.UTF_8));
        if (!token.accepts(form.value("token"), address, PREFIX + "/login")) {
            throttle.failed(address);
            return html(401, loginPage("That is not the admin token of this node."));
        }
        throttle.succeeded(address);
        Sessions.Session session = sessions.create(token.fingerprint());
        log.info("Console login from {}", address);
        return redirect(PREFIX + "/").withHeader("Set-Cookie", cookie(session.id(), Sessions.LONGEST.toSeconds()));
    }

    private Optional<Sessions.Session> session(AdminRequest request) {
        String header = request.header("Cookie");
        if (header == null) {
            return Optional.empty();
        }
        String name = https ? SECURE_COOKIE : COOKIE;
        for (String part : header.split(";")) {
            String pair = part.strip();
            if (pair.startsWith(name + "=")) {
                return sessions.find(pair.substring(name.length() + 1), token.fingerprint());
            }
        }
        return Optional.empty();
    }

    /** The session cookie: HttpOnly, SameSite=Strict, and over HTTPS Secure with the __Host- prefix (which needs Path=/). */
    private String cookie(String value, long maxAge) {
        return https
                ? SECURE_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict; Secure"
                : COOKIE + "=" + value + "; Path=" + PREFIX + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict";
    }

    /** A POST comes from this origin: Origin (or else Referer), when the browser sends one, names this scheme and host. */
    private boolean sameOrigin(AdminRequest request) {
        String host = request.header("Host");
        if (host == null) {
            return false;
        }
        String self = (https ? "https://" : "http://") + host;
        String origin = request.header("Origin");
        if (origin != null) {
            return origin.equals(self);
        }
        String referer = request.header("Referer");
        return referer == null || referer.equals(self) || referer.startsWith(self + "/");
    }

    private static boolean sameSecret(String presented, String expected) {
        return !presented.isEmpty() && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Html loginPage(String problem) {
        return Layout.frame("Log in", Html.render("<header class=\"top\"><p class=\"brand\">Moat console</p></header>"),
                Html.render("""
                        <h1>Log in</h1>
                        {{problem}}
                        <form method="post" action="{{action}}" class="editor login">
                        <label for="token">Admin token</label>
                        <input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-hint">
                        <p class="note" id="token-hint">The token of this node's admin API: MOAT_ADMIN_TOKEN, or the file admin.token-file (by default data/admin-token).</p>
                        <p><button type="submit">Log in</button></p>
                        </form>
                        """, "problem", Parts.notice("error", problem), "action", PREFIX + "/login"));
    }

    private static AdminAnswer refused(int status, String message) {
        return html(status, Layout.frame("Refused", Html.render("<header class=\"top\"><p class=\"brand\">Moat console</p></header>"),
                Html.render("<h1>Refused</h1>{{m}}<p><a href=\"{{home}}\">Back to the console</a></p>",
                        "m", Parts.notice("error", message), "home", PREFIX + "/")));
    }

    private static AdminAnswer asset(String type, byte[] content) {
        return new AdminAnswer(200, type, java.util.Map.of("Cache-Control", "max-age=3600", "X-Content-Type-Options", "nosniff"), content);
    }

    private static AdminAnswer redirect(String location) {
        return new AdminAnswer(303, "text/plain; charset=utf-8", java.util.Map.of("Location", location, "Cache-Control", "no-store"),
                new byte[0]);
    }

    private static AdminAnswer html(int status, Html page) {
        return new AdminAnswer(status, "text/html; charset=utf-8", java.util.Map.of(
                "Cache-Control", "no-store",
                "Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'",
                "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "DENY",
                "Referrer-Policy", "same-origin"), page.toString().getBytes(StandardCharsets.UTF_8));
    }
}
