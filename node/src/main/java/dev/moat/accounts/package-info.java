/**
 * Accounts at work, beside the directory they read (chapter: "Restrictions for Roaming
 * Users", "Checking Network Address Status"): {@link dev.moat.accounts.DirectoryAuthenticator}
 * checks SMTP AUTH against the accounts of the cluster-wide {@code directory} document, then
 * the users of the settings file, enforcing each account's SMTP and Roaming services, with the
 * hashing on the bounded {@link dev.moat.accounts.VerificationPool} (threads plus queue, one
 * verification per client address, busy answers at once) and every verification padded to the
 * cost of the costliest hash in force ({@link dev.moat.accounts.VerificationCost}), so unknown
 * names cost the same; {@link
 * dev.moat.accounts.TemporaryClientGrant} hears successful logins and makes the address of a
 * user whose Relay service is on a Temporary Client. Whether a logged-in user may relay is the
 * directory's own answer ({@code Directory.mayRelay}), which the relay check is given.
 *
 * <p>Reads: the directory, {@code smtp.auth.users}, {@code smtp.auth.verification-threads}
 * and {@code smtp.auth.verification-queue} through the current
 * {@link dev.moat.settings.EffectiveSettings}, and the client addresses for the Roaming rule.
 * Meters: none it registers itself; the node registers {@code moat.smtp.logins.pending} from
 * the pool, and the session counts {@code moat.smtp.logins} and {@code moat.smtp.logins.busy}.
 */
package dev.moat.accounts;
