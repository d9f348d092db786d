/**
 * DNS for protection, the one package that speaks to dnsjava: {@link dev.moat.dns.DnsResolver},
 * the node's asynchronous resolver (answers as values, a bounded TTL cache with negative
 * caching, shared in-flight queries, per-zone servers, each try timed exactly); {@link
 * dev.moat.dns.RblZone}, one DNS list with its answer rules (RFC 5782; 127/8 only, never the
 * test point 127.0.0.1 nor the 127.255.255.0/24 error codes) and an optional secret key that
 * never shows; {@link dev.moat.dns.DnsBlacklists}, the {@code RblAnswers} of one settings
 * snapshot (every zone asked at once, the first in order decides, allow-lists first); and
 * {@link dev.moat.dns.ZoneHealth}, the RFC 5782 health tests that skip a broken or refusing
 * zone until it recovers; {@link dev.moat.dns.MailHostAddresses}, a domain's mail servers'
 * addresses in the order SMTP tries them (for Reverse Connect); {@link
 * dev.moat.dns.ReturnPathDnsCheck}, the Return-Path's DNS checks;
 * and SPF (RFC 7208): {@link dev.moat.dns.SpfEvaluator} ({@code check_host()} with every
 * mechanism, modifier, macro and limit, each step a completion of the resolver; each outcome
 * kept for its inputs while the answers it read live), {@link
 * dev.moat.dns.SpfCheck} (MAIL FROM: refusals by {@link dev.moat.dns.SpfPolicy}, else
 * {@code Received-SPF:} and {@code Authentication-Results:}).
 *
 * <p>Reads (through the snapshot): {@code dns.*}, {@code rbl-zones}, {@code verify-return-path}, {@code spf} and {@code spf-permerror}. Meters:
 * {@code moat.dns.queries} (type, outcome; a latency histogram), {@code moat.dns.cache}
 * (result), {@code moat.dns.rbl.errors} (zone, kind), {@code moat.dns.rbl.healthy} (zone), {@code moat.spf.results} (result).
 */
package dev.moat.dns;
