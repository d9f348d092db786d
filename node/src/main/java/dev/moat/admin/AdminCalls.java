package dev.moat.admin;

/**
 * The JSON API's routes called in-process, as an authenticated request: for pages that have
 * authenticated their user themselves ({@link AdminPages}). The answer is the one a client with
 * the admin token would get (version checks, validation, hidden hashes included); the token
 * itself never travels.
 */
@FunctionalInterface
public interface AdminCalls {

    AdminAnswer call(AdminRequest request);
}
