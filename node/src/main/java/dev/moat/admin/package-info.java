/**
 * The admin HTTP server on Netty's HTTP codec, over HTTPS when given a certificate: health for
 * probes, Prometheus metrics, the cluster-wide documents (read, and replace with a version
 * precondition), this node's applied versions and every member's status and SMTP traffic
 * ({@code GET /api/v1/cluster/traffic}), the status of any
 * address (Test Address, {@code GET /api/v1/address-status/{ip}}), the Router's trace for one
 * address ({@code GET /api/v1/route?address=}), and the directory's domains and accounts one at
 * a time (on top of the document {@code directory}), the decision records of every member
 * ({@code GET /api/v1/decisions}), everything known about one address ({@code GET
 * /api/v1/why/{ip}}) and the impact preview of a document ({@code PUT ...?preview=true}). Only {@code /health/live},
 * {@code /health/ready} and {@code /metrics} are open; every other request, reads included,
 * needs {@code Authorization: Bearer <admin token>} (compared in constant time; refusals logged
 * once a minute per peer, never with the token). No answer shows a password hash: each is a
 * placeholder that a PUT may send back to keep it. Bad requests (malformed bodies, long lines
 * and headers, large bodies, slow clients, traversal and encoded slashes in the path) get a
 * 4xx with a JSON error and change nothing. The server knows nothing of Hazelcast or of the
 * settings format: the node wires both in through {@link dev.moat.admin.AdminBackend}.
 * {@code GET /api/v1/node/settings} reports the settings this node runs, by layer. Pages plug in
 * under their own prefix ({@link dev.moat.admin.AdminPages}: the web console at {@code /console})
 * and get the requests there before the token check; they log users in with the API's token
 * check ({@link dev.moat.admin.AdminTokenCheck}) and call the routes in-process
 * ({@link dev.moat.admin.AdminCalls}).
 *
 * <p>Reads: {@link dev.moat.admin.AdminOptions} (address, port, token, TLS context, request
 * timeout), built by the node from the settings {@code admin.address} (or
 * {@code MOAT_ADMIN_ADDRESS}), {@code admin.port}, {@code admin.tls.certificate} and
 * {@code .private-key}, {@code admin.request-timeout}; the token comes from
 * {@link dev.moat.admin.AdminToken} (environment {@code MOAT_ADMIN_TOKEN}, else the token file
 * {@code admin.token-file}, default {@code <data-dir>/admin-token}, generated 0600 when missing
 * and re-read within a second when it changes). Meters: none yet.
 */
package dev.moat.admin;
