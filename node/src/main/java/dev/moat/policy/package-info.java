/**
 * Protection policy: the facts about a client, the check interfaces and the runner, free of
 * Netty, Hazelcast and the settings format. {@link dev.moat.policy.AddressClassifier} gives
 * every connection its address status once, before the greeting (Denied, Temporarily
 * Blocked, Client, Temporary Client, White Hole, Blacklisted, Stranger, in the order of
 * {@code spec/NOTES.md} "Address status"), with the reason (list, layer, line; RBL zone), the
 * Local or LAN prefix and the Debug flag; what answers at once (the lists, {@link
 * dev.moat.policy.TemporaryBlocks}, {@link dev.moat.policy.TemporaryClients}) decides at once,
 * and what answers later ({@link dev.moat.policy.ReverseNames}, {@link
 * dev.moat.policy.RblAnswers}) is joined within a deadline. {@link dev.moat.policy.CalloutCache} is
 * the view of Reverse Connect's results the cluster shares. The Test Address answer asks the
 * same classifier. Checks ({@link dev.moat.policy.Check}, {@link dev.moat.policy.ImmediateCheck})
 * answer a {@link dev.moat.policy.Verdict} from the {@link dev.moat.policy.CheckContext} and
 * what they were made with; {@link dev.moat.policy.LineCheck}s watch a message line by line as
 * it streams; {@link dev.moat.policy.CheckRunner} runs the checks of a stage in order and the
 * first refusal wins; {@link dev.moat.policy.DecisionLog} hears every verdict. Sessions report
 * {@link dev.moat.policy.SessionEvent}s to one {@link dev.moat.policy.SessionEvents}. Here too:
 * {@link dev.moat.policy.DeniedCheck} (CONNECT: 554 5.7.1 and close) and {@link
 * dev.moat.policy.BlacklistCheck} (RCPT: 550 5.7.1, or a header to add); {@link
 * dev.moat.policy.SpfResult}, the SPF result of a transaction as checks and rules read it
 * ({@code CheckContext.spfResult()}).
 *
 * <p>Reads no settings: the settings snapshot hands each check its compiled part and the
 * classifier its {@link dev.moat.policy.StatusLists}. Meters: {@code moat.policy.verdicts}
 * (stage, check, action), counted by {@link dev.moat.policy.DecisionLog}.
 */
package dev.moat.policy;
