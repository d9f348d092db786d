/**
 * Checks of the message content, beside the data they read. Today: the chapter's "Banning Mail
 * by Header and Body Lines" ({@link dev.moat.content.BannedLineCheck}), a line check that
 * sees each header field (a wrapped one whole, with its CRLF and folding white space) and each
 * dot-unstuffed body line while DATA streams, and looks it up in the Banned Header Lines or
 * the Banned Body Lines of both layers (union, "Cluster Setup"). A list is parsed and
 * compiled once per version ({@link dev.moat.content.BannedLines}): exact lines in a hash
 * table of their octets, wildcard lines by their literal start, their literal end, or a
 * sampled word filter over a literal run (an Aho-Corasick automaton for runs under eight
 * octets), so the cost of a line does not grow with the list; a body line is looked up as the
 * octets the session holds, with no string made.
 *
 * <p>Reads: the server-wide {@code banned-lines.header-file} and {@code banned-lines.body-file}
 * and the cluster documents {@code banned-header-lines} and {@code banned-body-lines}, compiled
 * by the settings snapshot. Meters: {@code moat.banned.lines.matched{list}} (header, body);
 * its refusals are also counted as {@code moat.policy.verdicts} and
 * {@code moat.smtp.messages{result=refused,reason=banned-lines}}.
 */
package dev.moat.content;
