/**
 * Temporary blocking (chapter: "Temporarily Blocked Addresses", "Spam Traps"; NOTES,
 * "Temporary blocking"): {@link dev.moat.blocking.TemporaryBlocking} hears the session events
 * and keeps the three temporary lists (blocked, unblockable, debug) of {@link
 * dev.moat.blocking.TemporaryList}; {@link dev.moat.blocking.TemporaryBlockCheck} refuses a
 * blocked address at connection time. The state itself is the cluster's, behind {@link
 * dev.moat.blocking.TemporaryLists} (implemented in {@code cluster}); {@link
 * dev.moat.blocking.EventWindow} is the window arithmetic the cluster runs on each key's owner.
 *
 * <p>Reads: the {@code temporary-blocking} section in effect ({@code
 * EffectiveSettings.temporaryBlocking}: cluster-wide only in a cluster): {@code failed-logins},
 * {@code protocol-errors}, {@code failed-logins-per-name} (each {@code debug-after}, {@code
 * block-after}, {@code window}), {@code blocking-time}, {@code blocked-addresses-limit},
 * {@code unblocking-time}, {@code unblockable-addresses-limit}, {@code aggregation}, {@code
 * escalation}; the White Hole and Client lists and each listener's {@code trusted-proxies}.
 * Meters: {@code moat.blocking.events}, {@code moat.blocking.exempt}, {@code
 * moat.blocking.added}, {@code moat.blocking.full}; the node registers {@code
 * moat.blocking.entries} and the SMTP server counts {@code moat.blocking.sessions.ended}.
 */
package dev.moat.blocking;
