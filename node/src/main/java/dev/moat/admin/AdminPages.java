package dev.moat.admin;

/**
 * Pages served on the admin port beside the JSON API, under their own path prefix (the web
 * console, {@code /console}). The admin server hands them every request under the prefix
 * before its token check: the pages authenticate their own users (a login with the admin
 * token and a session) and must refuse anything else. They reach the node's data only through
 * {@link AdminCalls}, the API's own routes, so the pages and the API never disagree. Every
 * answer still passes through the API's password-hash filter.
 */
public interface AdminPages {

    /** The path prefix, such as {@code /console}: that path and everything under it. */
    String prefix();

    /** The answer to one request under the prefix. */
    AdminAnswer answer(AdminRequest request);

    /**
     * Makes the pages once the API exists: its routes to call, its token check for a login, and
     * whether the port speaks HTTPS.
     */
    @FunctionalInterface
    interface Factory {
        AdminPages create(AdminCalls api, AdminTokenCheck token, boolean https);
    }
}
