/**
 * The web console, under {@code /console/} on the admin port of every node: server-rendered
 * HTML from the console's own escaping template ({@code Html}: every value escaped), one
 * style sheet served by the node, no script, no CDN. A login with the admin token (the API's
 * constant-time check; failed logins slowed per address) makes an in-memory session on this
 * node whose random id is a cookie that is {@code HttpOnly}, {@code SameSite=Strict}, and
 * {@code Secure} with the {@code __Host-} prefix over HTTPS; it ends at logout, after 30
 * minutes idle, 12 hours after the login, or when the token changes. Every POST carries the
 * session's CSRF token and must come from this origin (Origin, else Referer, when sent).
 * Pages, one class each listed in {@code Pages.all()}: the cluster and this node, the network
 * address and DNS-name lists with the Test Address panel, the RBL zones and the processing of
 * Blacklisted addresses, temporary blocking and the temporary lists (Unblock, bulk unblock by
 * prefix after a confirmation, add by hand), Return-Path, HELO and SPF, Reverse Connect, the
 * Router with the Route panel, banned lines, rules, domains and accounts, SMTP limits, delivery
 * and next hops, the decisions search and the why page of an address, and the check modes.
 * Each settings page shows the server-wide value (read-only), the cluster-wide value (editable,
 * saved with the document's version, so a stale edit is refused and nothing is overwritten;
 * validation errors beside their lines; an impact preview before saving) and what is in
 * effect. Pages reach the node only through the JSON API's routes, in-process
 * ({@link dev.moat.admin.AdminCalls}).
 *
 * <p>Reads no settings of its own (the admin listener's address, port, TLS and token are the
 * API's). Meters: none; logins, logouts and refused POSTs are logged, never with the token.
 */
package dev.moat.console;
