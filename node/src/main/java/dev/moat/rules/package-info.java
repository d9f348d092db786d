/**
 * The Server-Wide Rules of the chapter's "Filtering Mail": an ordered list of rules, each with
 * a name, conditions that must all hold ({@link dev.moat.rules.Condition}: the envelope sender,
 * any or each recipient, a header field by name or its absence, the size, the client's address
 * status, whether it authenticated, the SPF result) and actions ({@link dev.moat.rules.RuleAction}:
 * reject, discard, redirect, add recipients, add a header field, tag the Subject, stop, execute
 * an external program). {@link dev.moat.rules.RulesCheck} runs them at the end of DATA, after
 * the line checks; the transaction carries out what they ask for as effects.
 * {@link dev.moat.rules.ProgramRunner} runs the external programs on bounded threads of its own,
 * never on an event loop, with a clean environment and a timeout.
 *
 * <p>Reads: the server-wide {@code rules} list and {@code rule-programs} section of the settings
 * file and the cluster document {@code rules}, compiled by the settings snapshot (server rules
 * first). Meters: {@code moat.rules.actions{action}}, {@code moat.rules.program.runs{outcome}},
 * {@code moat.rules.program.duration}; refusals are counted as {@code moat.policy.verdicts} with
 * {@code check} = {@code rules}.
 */
package dev.moat.rules;
