/**
 * Delivery: hands each accepted message on before Moat answers the end of DATA, so that nothing
 * Moat said 250 to is lost. {@link dev.moat.delivery.Delivery} is the one entry point; the SMTP
 * session opens a {@link dev.moat.delivery.Transaction} per message and passes on the replies
 * it gets. Two modes, chosen by {@code delivery.mode}:
 * <ul>
 *   <li>{@code spool} ({@link dev.moat.delivery.SpoolDelivery}): each message becomes one
 *       {@code .eml} file, synced to disk and renamed into place before the 250;</li>
 *   <li>{@code relay} ({@link dev.moat.delivery.RelayDelivery}): a small SMTP client on Netty
 *       hands the message to the next hop over a pool of reused connections and passes the next
 *       hop's own replies back; a next hop that cannot be reached or is too slow becomes
 *       {@code 451 4.4.1}.</li>
 * </ul>
 * Reads no settings itself: the node builds {@link dev.moat.delivery.SpoolOptions} or
 * {@link dev.moat.delivery.RelayOptions} from {@code delivery.*}. Registers no meters: each
 * mode tells its {@link dev.moat.delivery.HandOffState} (pool connections and waiters, spool
 * files and oldest age), from which the node makes {@code moat.delivery.pool.connections},
 * {@code moat.delivery.pool.waiting}, {@code moat.delivery.spool.files} and {@code
 * moat.delivery.spool.oldest.age} when scraped.
 * Threads: relay work runs on the event loop group it is given; DNS lookups of the next hop run
 * on one {@code moat-relay-resolver} thread; spool disk work on {@code moat-spool-N} threads.
 */
package dev.moat.delivery;
