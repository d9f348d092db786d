/**
 * The Router of the chapter ("Relaying Rerouted Messages", "Spam Traps", "Return-Path Address
 * Verification", "Restrictions for Roaming Users"): the Router table and the routing function
 * that rewrites an address to a fixed point and reports every step, and the checks that read
 * it: {@link dev.moat.router.ReturnPathCheck} at MAIL, {@link dev.moat.router.RelayCheck} at
 * RCPT (error targets, relay marker, relaying rights), {@link dev.moat.router.SpamTrapCheck}
 * at DATA. Each check is made with what it reads: the Router of a settings snapshot, or the
 * directory's answer to "may this user relay?"; the route of each recipient is decided once, by
 * the session's transaction at RCPT, and the checks read it from the context. Only record
 * targets are special ({@code error}, {@code spamtrap}, {@code null}), plus the address
 * {@code spamtrap@<local domain>}; which next hop a route's mail goes to, and as what address,
 * is {@code dev.moat.delivery.NextHops}'s to say.
 *
 * <p>Reads: the server-wide {@code router} text of the settings file, the cluster documents
 * {@code router} (a Router table) and {@code directory} (domains and accounts), compiled by the
 * settings snapshot. Meters: none of its own; its verdicts
 * are counted as {@code moat.policy.verdicts} with {@code check} = {@code router},
 * {@code relay}, {@code return-path} or {@code spamtrap}, and recipients kept from the next
 * hop as {@code moat.smtp.recipients{result=accepted,reason=router}}.
 */
package dev.moat.router;
