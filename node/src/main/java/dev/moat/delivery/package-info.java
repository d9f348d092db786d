/**
 * Delivery: decides where each accepted recipient goes and hands each accepted message on
 * before Moat answers the end of DATA, so that nothing Moat said 250 to is lost.
 * {@link dev.moat.delivery.NextHops} chooses, from the route the Router gave a recipient, its
 * next hop ({@code delivery.next-hop} for local mail, a host of {@code delivery.next-hops} its
 * route names, {@code delivery.relay-host} for Clients' and users' outbound mail; no MX lookups)
 * and the address that next hop receives ({@link dev.moat.delivery.RoutedEnvelope}: the
 * Router's result); {@link dev.moat.delivery.NextHopCheck} refuses at RCPT a route to a host no
 * setting names ({@code 550 5.4.4}) and, in relay mode, a recipient for another server than the
 * transaction's ({@code 452 4.5.3}). {@link dev.moat.delivery.Delivery} is the one entry point of
 * the hand-off; the SMTP session opens a {@link dev.moat.delivery.Transaction} per message and
 * passes on the replies it gets. Two modes, chosen by {@code delivery.mode}:
 * <ul>
 *   <li>{@code spool} ({@link dev.moat.delivery.SpoolDelivery}): each message becomes one
 *       {@code .eml} file with its routed envelope, synced to disk and renamed into place before
 *       the 250;</li>
 *   <li>{@code relay} ({@link dev.moat.delivery.RelayDelivery}): a small SMTP client on Netty
 *       hands the message to its next hop over a pool of reused connections per next hop and
 *       passes the next hop's own replies back; a next hop that cannot be reached or is too slow
 *       becomes {@code 451 4.4.1}.</li>
 * </ul>
 * The same client, {@link dev.moat.delivery.SmtpConnection} with its reply decoder on the same
 * bootstrap, makes Reverse Connect's callouts ({@link dev.moat.delivery.CalloutClient}: EHLO,
 * {@code MAIL FROM:<>}, {@code RCPT TO}, QUIT to each MX host in turn, its own timeouts,
 * answering a {@link dev.moat.delivery.CalloutAnswer}).
 * Settings: {@code NextHops} reads the {@code delivery} section of a snapshot (and its first
 * local domain, the main domain); the node builds {@link dev.moat.delivery.SpoolOptions} or
 * {@link dev.moat.delivery.RelayOptions} from {@code delivery.*}. Registers no meters itself; the
 * check's refusals are counted as verdicts of {@code next-hops}; each mode tells its {@link
 * dev.moat.delivery.HandOffState} (pool connections and waiters, spool files and oldest age),
 * from which the node makes {@code moat.delivery.pool.connections}, {@code
 * moat.delivery.pool.waiting}, {@code moat.delivery.spool.files} and {@code
 * moat.delivery.spool.oldest.age} when scraped. Threads: relay work runs on the event loop group
 * it is given; DNS lookups of next hops run on one {@code moat-relay-resolver} thread; spool
 * disk work on {@code moat-spool-N} threads.
 */
package dev.moat.delivery;
