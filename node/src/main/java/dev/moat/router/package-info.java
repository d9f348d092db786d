/**
 * The Router of the chapter ("Relaying Rerouted Messages", "Spam Traps", "Return-Path Address
 * Verification", "Restrictions for Roaming Users"): the Router table and the routing function
 * that rewrites an address to a fixed point and reports every step, and the checks that read
 * it: {@link dev.moat.router.ReturnPathCheck} at MAIL, {@link dev.moat.router.RelayCheck} at
 * RCPT (error targets, relay marker, relaying rights), {@link dev.moat.router.SpamTrapCheck}
 * at DATA. {@link dev.moat.accounts.DirectoryAuthenticator} checks AUTH against the directory of
 * accounts with their SMTP, Relay and Roaming services; {@link
 * dev.moat.accounts.TemporaryClientGrant} makes the address of a login with Relay a Temporary
 * Client.
 *
 * <p>Reads: the server-wide {@code router} text of the settings file, the cluster documents
 * {@code router} (a Router table) and {@code directory} (domains and accounts), through the
 * {@link dev.moat.settings.EffectiveSettings} snapshot. Meters: none of its own; its verdicts
 * are counted as {@code moat.policy.verdicts} with {@code check} = {@code router},
 * {@code relay}, {@code return-path} or {@code spamtrap}, and recipients kept from the next
 * hop as {@code moat.smtp.recipients{result=accepted,reason=router}}.
 */
package dev.moat.router;
