/**
 * The SMTP protocol of a node (RFC 5321 with PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES,
 * STARTTLS and AUTH PLAIN/LOGIN): the strict CRLF line decoder, the session state machine and
 * its command parser, the PROXY protocol handler for listeners behind a balancer, TLS
 * contexts, and the server that binds the listeners. The session knows nothing about spam: it
 * asks the check runner of {@code dev.moat.policy} at each stage and carries out its verdict.
 *
 * <p>Settings read: {@code smtp.*} (host name, greeting, listeners, limits, timeouts, TLS,
 * AUTH) and {@code delivery.mode} for the meters. Meters (declared in {@code
 * dev.moat.metrics.MoatMetrics}): {@code moat.smtp.connections}, {@code moat.smtp.sessions},
 * {@code moat.smtp.sessions.active}, {@code moat.smtp.messages}, {@code moat.smtp.recipients},
 * {@code moat.smtp.protocol.errors}, {@code moat.smtp.logins}, {@code moat.smtp.proxy},
 * {@code moat.delivery.latency}. Loggers: {@code moat.smtp.protocol} (DEBUG: every command and
 * reply) and {@code moat.smtp.debug} (INFO: the same for Debug-list addresses).
 */
package dev.moat.smtp;
