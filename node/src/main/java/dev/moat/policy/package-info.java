/**
 * Protection policy: the facts about a client and the checks that judge a session, free of
 * Netty and Hazelcast. {@link dev.moat.policy.AddressClassifier} gives every connection its
 * address status once (Denied, Client, White Hole, Blacklisted, Stranger, in the order of
 * {@code spec/NOTES.md} "Address status"), with the reason (list, layer, line), the Local or
 * LAN prefix and the Debug flag; the Test Address answer asks the same classifier. Checks
 * answer a {@link dev.moat.policy.Verdict}; {@link dev.moat.policy.CheckRunner} runs the
 * checks of a stage in order and the first refusal wins. Here: {@link
 * dev.moat.policy.DeniedCheck} (CONNECT: 554 5.7.1 and close) and {@link
 * dev.moat.policy.BlacklistCheck} (RCPT: 550 5.7.1, or a header to add).
 *
 * <p>Reads, from the settings snapshot: the six address lists, {@code blacklisted-action} and
 * {@code blacklisted-header}. Registers no meters: the node counts every verdict the runner
 * reports ({@code moat.policy.verdicts}).
 */
package dev.moat.policy;
