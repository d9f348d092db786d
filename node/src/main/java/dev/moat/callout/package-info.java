/**
 * Reverse Connect (the sender callout of the chapter's "Return-Path Address Verification"): at
 * MAIL FROM, after the Return-Path checks, {@link dev.moat.callout.ReverseConnectCheck} asks the
 * Return-Path domain's own mail servers, through {@link dev.moat.callout.Callouts}, whether they
 * take mail for the address ({@code EHLO}, {@code MAIL FROM:<>}, {@code RCPT TO:<sender>},
 * {@code QUIT} on the hand-off's SMTP client, {@code delivery.CalloutClient}), and refuses the
 * Return-Path with {@code 550 5.1.7} when they refuse it with a 5xx, and with the 5xx of the
 * DNS checks when DNS says the domain has no mail server to call ({@code 553 5.1.8}; a null MX
 * {@code 550 5.7.27}); no answer, a 4xx, a DNS failure or a refused null sender is a 4xx. Results are shared by the cluster ({@code policy.CalloutCache},
 * the map {@code moat-callout-results}) and requests for one address share one callout.
 * Settings: the {@code callout} section of both layers ({@code settings.CalloutSection}: {@code
 * enabled}, {@code port}, {@code connect-timeout}, {@code reply-timeout}, {@code total-timeout},
 * {@code accepted-lifetime}, {@code refused-lifetime}, {@code max-per-domain}) and {@code
 * smtp.host-name} for EHLO. Meters: {@code moat.callout.results} (by result) and {@code
 * moat.callout.duration} (by result); refusals count as verdicts of {@code reverse-connect}.
 * Threads: none of its own; callouts run on the node's SMTP worker event loops, DNS on the
 * resolver's thread, and nothing blocks.
 */
package dev.moat.callout;
