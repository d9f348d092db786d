/**
 * The admin HTTP server on Netty's HTTP codec: health for probes, Prometheus metrics, the
 * cluster-wide documents (read, and replace with a version precondition), this node's applied
 * versions and every member's status, the status of any address (Test Address,
 * {@code GET /api/v1/address-status/{ip}}), the Router's trace for one address ({@code GET
 * /api/v1/route?address=}), and the directory's domains and accounts one at a time (on top of
 * the document {@code directory}). Reads are open; anything under {@code /api/} that
 * changes something needs {@code Authorization: Bearer <admin token>}. The server knows
 * nothing of Hazelcast or of the settings format: the node wires both in through
 * {@link dev.moat.admin.AdminBackend}.
 *
 * <p>Reads: {@link dev.moat.admin.AdminOptions} (address, port, token); the token comes from
 * {@link dev.moat.admin.AdminToken} (environment {@code MOAT_ADMIN_TOKEN}, else the token file,
 * default {@code <data-dir>/admin-token}, generated when missing). Meters: none yet.
 */
package dev.moat.admin;
