/**
 * Accounts at work, beside the directory they read (chapter: "Restrictions for Roaming
 * Users", "Checking Network Address Status"): {@link dev.moat.accounts.DirectoryAuthenticator}
 * checks SMTP AUTH against the accounts of the cluster-wide {@code directory} document, then
 * the users of the settings file, enforcing each account's SMTP and Roaming services, with the
 * hashing on its own threads and the same cost for unknown names; {@link
 * dev.moat.accounts.TemporaryClientGrant} hears successful logins and makes the address of a
 * user whose Relay service is on a Temporary Client. Whether a logged-in user may relay is the
 * directory's own answer ({@code Directory.mayRelay}), which the relay check is given.
 *
 * <p>Reads: the directory and {@code smtp.auth.users} through the current
 * {@link dev.moat.settings.EffectiveSettings}, and the client addresses for the Roaming rule.
 * Meters: none of its own; logins are counted by the session as {@code moat.smtp.logins}.
 */
package dev.moat.accounts;
