package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.rules.Condition;
import dev.moat.rules.Program;
import dev.moat.rules.RuleAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code rules} list as the settings read it: every condition and action in its written
 * form, each mistake refused at its own line (in the file and in the cluster document), and
 * the server's rules before the cluster's.
 */
class RulesSettingsTest {
    private static final HostFacts HOST = new HostFacts("mx.example.net");

    private static List<String> errors(String yaml) {
        return ServerSettings.parse(yaml, HOST).errors().stream().map(Object::toString).toList();
    }

    @Test
    void everyConditionAndActionIsReadAsWritten() {
        var parsed = ServerSettings.parse("""
                rules:
                  - name: all-of-them
                    when:
                      - sender: {matches: "*@spammer.example"}
                      - any-recipient: {in: [a@x.example, b@x.example]}
                      - each-recipient: {not-matches: "*@partner.example"}
                      - header: {name: To, missing: true}
                      - size: {greater-than: 10MiB}
                      - address-status: {is-not: client}
                      - authenticated: {is: false}
                      - spf: {not-in: [pass]}
                    then:
                      - add-header: "X-Rule: all"
                      - tag-subject: "[SPAM]"
                      - add-recipients: [archive@mydomain.example]
                      - redirect: [quarantine@mydomain.example]
                      - stop: true
                      - discard: true
                      - reject: "No"
                      - execute:
                          command: [/usr/bin/spamc, -x, -E]
                          timeout: 20s
                          exit-codes: {0: add-header, 1: reject}
                          output-headers: [X-Spam-Status]
                """, HOST);
        assertEquals(List.of(), parsed.errors());
        var rule = parsed.value().rules().get(0);
        assertEquals("server line 2", rule.where());
        assertEquals(List.of("sender matches *@spammer.example", "any-recipient in [a@x.example, b@x.example]",
                "each-recipient not-matches *@partner.example", "header To missing true",
                "size greater-than 10485760", "address-status is-not client", "authenticated is false",
                "spf not-in pass"), rule.conditions().stream().map(Condition::describe).toList());
        assertEquals(List.of("add-header", "tag-subject", "add-recipients", "redirect", "stop", "discard", "reject",
                "execute"), rule.actions().stream().map(RuleAction::key).toList());
        var program = assertInstanceOf(RuleAction.Execute.class, rule.actions().get(7)).program();
        assertEquals(List.of("/usr/bin/spamc", "-x", "-E"), program.argv());
        assertEquals(Duration.ofSeconds(20), program.timeout());
        assertEquals(Map.of(0, Program.Answer.ADD_HEADER, 1, Program.Answer.REJECT), program.exitCodes());
    }

    @Test
    void aShellCommandRunsThroughBinShOnlyWhenAskedFor() {
        var parsed = ServerSettings.parse("""
                rules:
                  - name: piped
                    then:
                      - execute: {shell: "spamc -c | grep -q ^0"}
                """, HOST);
        var program = ((RuleAction.Execute) parsed.value().rules().get(0).actions().get(0)).program();
        assertEquals(List.of("/bin/sh", "-c", "spamc -c | grep -q ^0"), program.argv());
        assertEquals(Program.DEFAULT_EXIT_CODES, program.exitCodes());
    }

    @Test
    void eachBadRuleIsRefusedAtItsLineAndTheWholeFileWithIt() {
        assertEquals(List.of(
                "line 3: rules[0].name: every rule needs a name of 1 to 100 characters",
                "line 5: rules[0].when[0].any-recipient.is: needs a value",
                "line 8: rules[1].when[0]: a condition names exactly one of sender, any-recipient, each-recipient,"
                        + " header, size, address-status, authenticated, spf",
                "line 10: rules[1].then[0].redirect[0]: is not a mail address: not an address",
                "line 13: rules[2].when[0].size.greater-than: must be " + Units.SIZE_FORM,
                "line 15: rules[2].then[0]: an action is exactly one of reject, discard, redirect, add-recipients,"
                        + " add-header, tag-subject, stop, execute",
                "line 16: rules[3].name: every rule needs a name of 1 to 100 characters",
                "line 16: rules[3].nmae: unknown setting; did you mean name?"),
                errors("""
                        local-domains: [mydomain.example]
                        rules:
                          - name: ""
                            when:
                              - any-recipient: {is: ""}
                            then: [{discard: true}]
                          - name: two-subjects
                            when: [{sender: {is: a@b.example}, size: {less-than: 10}}]
                            then:
                              - redirect: ["not an address"]
                          - name: bad-size
                            when:
                              - size: {greater-than: lots}
                            then:
                              - {reject: "x", discard: true}
                          - nmae: typo
                            then: [{stop: true}]
                        """));
    }

    @Test
    void operatorsAreCheckedForTheirSubject() {
        assertEquals(List.of(
                "line 4: rules[0].when[0].address-status.is: friend is not one of blacklisted, client, stranger,"
                        + " temporary-client, white-hole",
                "line 5: rules[0].when[1].size.matches: size takes greater-than, less-than, is or is-not",
                "line 6: rules[0].when[2].header: give exactly one operator: is, is-not, in, not-in, matches,"
                        + " not-matches, greater-than, less-than, missing",
                "line 7: rules[0].when[3].spf.is: maybe is not one of fail, neutral, none, pass, permerror, softfail,"
                        + " temperror",
                "line 9: rules[0].then[0].execute: give either command (a list: the program and its arguments, run"
                        + " without a shell) or shell (one command line for /bin/sh -c)"),
                errors("""
                        rules:
                          - name: wrong
                            when:
                              - address-status: {is: friend}
                              - size: {matches: "1*"}
                              - header: {name: To}
                              - spf: {is: maybe}
                            then:
                              - execute: {timeout: 5s}
                        """));
    }

    @Test
    void theClusterDocumentIsRefusedWholeWithTheLineNamed() {
        String document = """
                rules:
                  - name: fine
                    then: [{stop: true}]
                  - name: broken
                    then:
                      - add-header: "no colon here"
                """;
        var expected = List.of("line 6: rules[1].then[0].add-header: must be one header field such as"
                + " \"X-Filtered: yes\"");
        assertEquals(expected, ClusterRules.parse(document).errors().stream().map(Object::toString).toList());
        assertEquals(expected, ClusterDocuments.RULES.validate(document).stream().map(Object::toString).toList());
    }

    @Test
    void rulesRowTheServersRulesComeFirstThenTheClusters() {
        var server = ServerSettings.parse("rules:\n  - name: mine\n    then: [{stop: true}]\n", HOST).value();
        var cluster = ClusterRules.parse("rules:\n  - name: ours\n    then: [{stop: true}]\n").value();
        var layer = ClusterLayer.EMPTY.withRules(cluster);

        var rules = EffectiveSettings.build(server, layer, 1).rules();

        assertEquals(List.of("mine", "ours"), rules.stream().map(r -> r.name()).toList());
        assertEquals(List.of("server line 2", "cluster line 2"), rules.stream().map(r -> r.where()).toList());
        assertTrue(EffectiveSettings.build(server, ClusterLayer.EMPTY, 1).rules().size() == 1);
    }

    @Test
    void twoRulesWithOneNameAreRefused() {
        assertEquals(List.of("line 1: rules: rule same is named twice; names must be unique"), errors("""
                rules:
                  - name: same
                    then: [{stop: true}]
                  - name: same
                    then: [{stop: true}]
                """));
    }
}
