package dev.moat.rules;

import dev.moat.mail.HeaderField;
import dev.moat.mail.Recipient;
import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.Check;
import dev.moat.policy.CheckContext;
import dev.moat.policy.Effect;
import dev.moat.policy.MessageFacts;
import dev.moat.policy.MessageText;
import dev.moat.policy.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The Server-Wide Rules of the chapter's "Filtering Mail", at the end of DATA: each rule in
 * order (the server's own, then the cluster's), its actions taken in order when all its
 * conditions hold. A {@code reject} answers {@code 554 5.7.1} with its text; discard, redirect,
 * added recipients, header fields and the Subject tag become {@link Effect}s the transaction
 * carries out; {@code stop}, reject and discard end the list. An {@code execute} hands the
 * message to the {@link ProgramRunner} and goes on when it answers; a program that fails, crashes,
 * times out or cannot run now makes the message a {@code 451 4.3.0}, so nothing is lost. Every
 * action taken is counted in {@code moat.rules.actions}.
 */
public final class RulesCheck implements Check {
    public static final String NAME = "rules";
    /** The answer when a rule cannot be carried out now (a program failed, a recipient cannot be added). */
    public static final Reply TRY_LATER = Reply.temporary(451, "4.3.0",
            "Temporary failure in message filtering, try again later");

    private final List<Rule> rules;
    private final ProgramRunner programs;
    private final SpfResults spf;
    private final MoatMetrics metrics;

    /** {@code programs} may be null where no rule executes a program (then such a rule answers 451). */
    public RulesCheck(List<Rule> rules, ProgramRunner programs, SpfResults spf, MoatMetrics metrics) {
        this.rules = List.copyOf(rules);
        this.programs = programs;
        this.spf = spf;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> check(CheckContext context) {
        return new Run(context).fromRule(0);
    }

    /** One message's walk through the rules: what the actions taken so far asked for. */
    private final class Run {
        private final CheckContext context;
        private final List<Effect> effects = new ArrayList<>();
        private final List<String> taken = new ArrayList<>();
        private boolean stop;
        private boolean ended;

        Run(CheckContext context) {
            this.context = context;
        }

        CompletionStage<Verdict> fromRule(int index) {
            for (int i = index; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (rule.applies(context, spf)) {
                    return fromAction(i, 0);
                }
            }
            return done();
        }

        CompletionStage<Verdict> fromAction(int ruleIndex, int actionIndex) {
            Rule rule = rules.get(ruleIndex);
            for (int a = actionIndex; a < rule.actions().size(); a++) {
                RuleAction action = rule.actions().get(a);
                metrics.rulesAction(action.key());
                taken.add(rule.name() + ": " + action.key());
                if (action instanceof RuleAction.Reject reject) {
                    return refuse(rule, Reply.permanent(554, "5.7.1", reject.text()), "reject");
                } else if (action instanceof RuleAction.Discard) {
                    effects.add(new Effect.Discard(rule.name()));
                    return done();
                } else if (action instanceof RuleAction.Redirect redirect) {
                    effects.add(new Effect.RuleRecipients(redirect.addresses(), true, rule.name()));
                } else if (action instanceof RuleAction.AddRecipients add) {
                    effects.add(new Effect.RuleRecipients(add.addresses(), false, rule.name()));
                } else if (action instanceof RuleAction.AddHeader header) {
                    effects.add(new Effect.AddHeader(header.name(), header.value()));
                } else if (action instanceof RuleAction.TagSubject tag) {
                    effects.add(new Effect.TagSubject(tag.tag()));
                } else if (action instanceof RuleAction.Stop) {
                    stop = true;
                } else if (action instanceof RuleAction.Execute execute) {
                    int next = a + 1;
                    return execute(rule, execute.program()).thenCompose(refusal -> refusal != null
                            ? CompletableFuture.completedFuture(refusal)
                            : ended ? done() : fromAction(ruleIndex, next));
                }
            }
            return stop ? done() : fromRule(ruleIndex + 1);
        }

        /** Runs the program; completes with the verdict that ends the list, or null to go on. */
        private CompletionStage<Verdict> execute(Rule rule, Program program) {
            Optional<MessageText> text = context.message().flatMap(MessageFacts::text);
            if (programs == null || text.isEmpty()) {
                return refuse(rule, TRY_LATER, "execute: no program runner or no message text");
            }
            return programs.run(program, environment(context, rule), text.get()).thenCompose(result -> {
                switch (result.outcome()) {
                    case ACCEPT:
                        return CompletableFuture.completedFuture(null);
                    case ADD_HEADER:
                        for (HeaderField field : result.headers()) {
                            effects.add(new Effect.AddHeader(field.name(),
                                    field.text().substring(field.text().indexOf(':') + 1).stripLeading()));
                        }
                        return CompletableFuture.completedFuture(null);
                    case REJECT:
                        return refuse(rule, Reply.permanent(554, "5.7.1", program.rejectText()),
                                "execute " + program.command().get(0) + ": " + result.detail());
                    case DISCARD:
                        effects.add(new Effect.Discard(rule.name()));
                        ended = true;
                        return CompletableFuture.completedFuture(null);
                    default:
                        return refuse(rule, TRY_LATER, "execute " + program.command().get(0) + " "
                                + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + result.detail());
                }
            });
        }

        private CompletionStage<Verdict> refuse(Rule rule, Reply reply, String why) {
            return CompletableFuture.completedFuture(Verdict.reject(NAME, reply,
                    "rule " + rule.name() + " (" + rule.where() + "): " + why));
        }

        private CompletionStage<Verdict> done() {
            if (effects.isEmpty()) {
                return CompletableFuture.completedFuture(Verdict.pass());
            }
            return CompletableFuture.completedFuture(Verdict.pass(NAME, "rules " + String.join(", ", taken), effects));
        }
    }

    /** The envelope as the program sees it, and nothing else of Moat's. */
    static Map<String, String> environment(CheckContext context, Rule rule) {
        var env = new LinkedHashMap<String, String>();
        env.put("MOAT_SENDER", context.sender().map(p -> p.address()).orElse(""));
        env.put("MOAT_RECIPIENTS", context.recipients().stream().map(Recipient::address).collect(Collectors.joining(" ")));
        env.put("MOAT_CLIENT_ADDRESS", context.clientAddress().toString());
        env.put("MOAT_CLIENT_STATUS", Condition.statusKey(context));
        env.put("MOAT_HELO", context.heloName().orElse(""));
        env.put("MOAT_AUTHENTICATED_USER", context.authenticatedUser().orElse(""));
        env.put("MOAT_SESSION", context.sessionReference());
        env.put("MOAT_SIZE", Long.toString(context.message().map(MessageFacts::size).orElse(0L)));
        env.put("MOAT_RULE", rule.name());
        return env;
    }
}
