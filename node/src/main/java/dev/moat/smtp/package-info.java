/**
 * The SMTP protocol of a node (RFC 5321 with PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES,
 * STARTTLS and AUTH PLAIN/LOGIN): the strict CRLF line decoder (NUL octets, bare CR and LF
 * flagged; a bare LF read as CRLF for the senders of {@code smtp.lenient-line-endings}, whose
 * lone dots are then text and handed on stuffed), the session's command state
 * machine ({@link dev.moat.smtp.SmtpSession}) and command parser, the facts the checks read, the AUTH exchange, the mail
 * transaction (envelope with one route per recipient, effects, header edits, hand-off of each
 * recipient's routed envelope to the next hop its snapshot's next hops choose) and the
 * incoming message (header and body, each line offered to the line checks as it streams; its one
 * kept copy lent to a rule's external program, {@code KeptText}), the rules' recipients and
 * Subject tag carried out at the hand-off ({@code RuleRecipients}: through the Router and the
 * next hops, as a RCPT would be), the header fields the edits remove taken out of the kept text
 * at the hand-off ({@code HeaderRemoval}: a sender's {@code Authentication-Results:} in this
 * node's name, RFC 8601 5, unless it came from a Client), the
 * PROXY protocol handler for listeners behind a balancer, TLS contexts, and the server that
 * binds the listeners. The Netty handler waits for the client's address status before the
 * greeting, then carries the session's answers to the wire. The session knows nothing about
 * spam: it asks the checks of its {@link dev.moat.smtp.SessionSnapshot} at each stage and
 * carries out their verdict.
 *
 * <p>Settings read: {@code smtp.*} (host name, greeting, listeners, limits, timeouts, TLS,
 * AUTH) and {@code delivery.mode} for the meters. Meters (declared in {@code
 * dev.moat.metrics.MoatMetrics}): {@code moat.smtp.connections}, {@code moat.smtp.sessions},
 * {@code moat.smtp.sessions.active}, {@code moat.smtp.messages}, {@code moat.smtp.recipients},
 * {@code moat.smtp.protocol.errors}, {@code moat.smtp.logins}, {@code moat.smtp.logins.busy},
 * {@code moat.smtp.proxy}, {@code moat.smtp.lenient.line.endings}, {@code moat.smtp.refusals},
 * {@code moat.smtp.session.duration}, {@code moat.smtp.tls.handshakes}, {@code
 * moat.delivery.latency}, {@code moat.blocking.sessions.ended} (sessions ended with 421 because
 * their address was just blocked: {@code SmtpServer.endSessionsOf}). Loggers: {@code moat.smtp.protocol} (DEBUG: every command and reply),
 * {@code moat.smtp.debug} (INFO: the same for Debug-list and temporary debug list addresses), and {@code
 * dev.moat.smtp.LenientLineEndings} (INFO: once a session, a lenient sender that sent a bare LF).
 */
package dev.moat.smtp;
