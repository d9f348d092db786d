package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Stage;
import dev.moat.policy.TemporaryClients;
import dev.moat.rules.RulesCheck;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules in a conversation, one named case per condition and per action (the external
 * program has its own end-to-end test): each rule is written in the settings YAML as an
 * administrator writes it, the message goes through a real session, and the test reads the
 * reply and what the hand-off received.
 */
class RulesDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String CLIENT = "127.0.0.1";
    private static final String BLACKLISTED = "192.0.2.66";
    private static final String TEMPORARY_CLIENT = "192.0.2.77";
    private static final String BASE = """
            local-domains: [mydomain.example]
            blacklisted-addresses: "192.0.2.66"
            blacklisted-action: add-header
            smtp:
              auth:
                allow-plaintext: true
            router: |
              <noreply> = null
            """;
    private static final String PLAIN = "Subject: hello\r\nTo: <alice@mydomain.example>\r\nFrom: <s@remote.example>\r\n"
            + "\r\nbody\r\n";

    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private static Fixture rules(String rulesYaml) {
        return new Fixture(BASE + rulesYaml);
    }

    /** The reply to the end of DATA of one message from {@code client}. */
    private String send(Fixture f, String client, String sender, List<String> recipients, String message) {
        d = f.connect(client);
        d.awaitReply(Duration.ofSeconds(5));
        d.send("EHLO client.example").expect("250");
        d.send("MAIL FROM:<" + sender + ">").expect("250 ");
        for (String recipient : recipients) {
            d.send("RCPT TO:<" + recipient + ">").expect("250 ");
        }
        d.send("DATA").expect("354 ");
        d.raw(message + ".\r\n");
        return d.awaitReply(Duration.ofSeconds(5));
    }

    private String send(Fixture f, String message) {
        return send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example"), message);
    }

    private static final String REJECT_ALL = """
                then:
                  - reject: "Refused by rule"
            """;

    private static String rule(String when) {
        return "rules:\n  - name: test\n    when:\n" + when + REJECT_ALL;
    }

    // ---- conditions ------------------------------------------------------------------------

    @Test
    void theChaptersRuleRejectsAMessageWithoutATo() {
        var f = rules("""
                rules:
                  - name: no-to-header
                    when:
                      - header: {name: To, missing: true}
                    then:
                      - reject: "Messages without a To: header are not accepted"
                """);
        String reply = send(f, "Subject: no to\r\n\r\nbody\r\n");
        assertTrue(reply.startsWith("554 5.7.1 Messages without a To: header are not accepted (ref "), reply);
        d.close();
        assertTrue(send(f, PLAIN).startsWith("250 "));
        assertEquals(1, f.delivery.messages.size());
    }

    @Test
    void aHeaderConditionMatchesAWildcardWhateverTheCaseAndSeesAWrappedFieldUnfolded() {
        var f = rules(rule("      - header: {name: subject, matches: \"*cheap watches*\"}\n"));
        assertTrue(send(f, "Subject: Buy CHEAP\r\n watches now\r\nTo: <a@b.example>\r\n\r\nx\r\n").startsWith("554 "));
        d.close();
        assertTrue(send(f, PLAIN).startsWith("250 "));
    }

    @Test
    void aStrangersAuthenticationResultsInThisNodesNameAreNotSeenByTheRulesButAClientsAndAnotherHostsAre() {
        var f = rules(rule("      - header: {name: Authentication-Results, matches: \"*spf=pass*\"}\n"));
        String ours = "Authentication-Results: " + Fixture.HOST + "; spf=pass smtp.mailfrom=s@remote.example\r\n";
        assertTrue(send(f, ours + PLAIN).startsWith("250 "), "a forged claim in this node's name is not judged by");
        assertFalse(f.delivery.messages.get(0).content().contains(Fixture.HOST + "; spf=pass"), "and is not handed on");
        d.close();
        assertTrue(send(f, "Authentication-Results: other.example; spf=pass\r\n" + PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, CLIENT, "s@remote.example", List.of("alice@mydomain.example"), ours + PLAIN).startsWith("554 "),
                "a Client is a trusted MTA: its results in this node's name stand");
    }

    @Test
    void headerIsNotHoldsWhenNoFieldHasTheValueAndWhenTheFieldIsMissing() {
        var f = rules(rule("      - header: {name: X-Checked, is-not: \"yes\"}\n"));
        assertTrue(send(f, PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, "X-Checked: YES\r\n" + PLAIN).startsWith("250 "));
    }

    @Test
    void senderIsComparesTheWholeAddressWithoutCase() {
        var f = rules(rule("      - sender: {is: Spammer@Remote.example}\n"));
        assertTrue(send(f, STRANGER, "spammer@remote.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("554 "));
        d.close();
        assertTrue(send(f, STRANGER, "friend@remote.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("250 "));
    }

    @Test
    void senderMatchesAWildcardAndTheNullSenderIsEmpty() {
        var f = rules(rule("      - sender: {matches: \"*@spammer.example\"}\n"));
        assertTrue(send(f, STRANGER, "promo@spammer.example", List.of("alice@mydomain.example"), PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, STRANGER, "", List.of("alice@mydomain.example"), PLAIN).startsWith("250 "));
    }

    @Test
    void theEmptySenderNamesTheNullReversePathOfBounces() {
        var f = rules(rule("      - sender: {is: \"\"}\n"));
        assertTrue(send(f, STRANGER, "", List.of("alice@mydomain.example"), PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, PLAIN).startsWith("250 "));
    }

    @Test
    void senderInAndNotInReadAList() {
        var in = rules(rule("      - sender: {in: [a@remote.example, b@remote.example]}\n"));
        assertTrue(send(in, STRANGER, "b@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("554 "));
        d.close();
        var notIn = rules(rule("      - sender: {not-in: [a@remote.example, b@remote.example]}\n"));
        assertTrue(send(notIn, STRANGER, "b@remote.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("250 "));
        d.close();
        assertTrue(send(notIn, STRANGER, "c@remote.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("554 "));
    }

    @Test
    void anyRecipientHoldsWhenOneRecipientMatches() {
        var f = rules(rule("      - any-recipient: {is: bob@mydomain.example}\n"));
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example", "bob@mydomain.example"),
                PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, PLAIN).startsWith("250 "));
    }

    @Test
    void eachRecipientHoldsOnlyWhenEveryRecipientMatches() {
        var f = rules(rule("      - each-recipient: {matches: \"sales*@mydomain.example\"}\n"));
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("sales@mydomain.example", "sales-eu@mydomain.example"),
                PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("sales@mydomain.example", "alice@mydomain.example"),
                PLAIN).startsWith("250 "));
    }

    @Test
    void sizeGreaterThanAndLessThanCountTheOctetsReceived() {
        var big = rules(rule("      - size: {greater-than: 1KiB}\n"));
        assertTrue(send(big, PLAIN + "x".repeat(900) + "\r\n" + "y".repeat(900) + "\r\n").startsWith("554 "));
        d.close();
        assertTrue(send(big, PLAIN).startsWith("250 "));
        d.close();
        var small = rules(rule("      - size: {less-than: 100}\n"));
        assertTrue(send(small, "To: <a@b.example>\r\n\r\nx\r\n").startsWith("554 "));
        d.close();
        assertTrue(send(small, PLAIN + "z".repeat(100) + "\r\n").startsWith("250 "));
    }

    @Test
    void addressStatusTellsAClientFromAStranger() {
        var f = rules(rule("      - address-status: {is: stranger}\n"));
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, CLIENT, "s@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("250 "));
    }

    @Test
    void addressStatusSeesABlacklistedSenderWhoseMailIsMarkedNotRefused() {
        var f = rules(rule("      - address-status: {in: [blacklisted]}\n"));
        assertTrue(send(f, BLACKLISTED, "s@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("554 "));
        d.close();
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("250 "));
    }

    @Test
    void addressStatusSeesATemporaryClient() {
        var f = rules(rule("      - address-status: {is: temporary-client}\n"));
        var temporary = IpAddress.parse(TEMPORARY_CLIENT);
        f.classifier = new AddressClassifier(AddressSet.empty(), new TemporaryClients() {
            @Override
            public boolean contains(IpAddress address) {
                return address.equals(temporary);
            }

            @Override
            public boolean add(IpAddress address, Duration time, int limit) {
                return false;
            }

            @Override
            public int size() {
                return 1;
            }
        });
        assertTrue(send(f, TEMPORARY_CLIENT, "s@remote.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("554 "));
        d.close();
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example"), PLAIN).startsWith("250 "));
    }

    @Test
    void authenticatedTellsALoggedInUserFromAnAnonymousSender() {
        var f = rules(rule("      - authenticated: {is: false}\n"));
        assertTrue(send(f, PLAIN).startsWith("554 "));
        d.close();
        d = f.connect(STRANGER);
        d.awaitReply(Duration.ofSeconds(5));
        d.send("EHLO client.example").expect("250");
        String login = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes());
        d.send("AUTH PLAIN " + login).expect("235 ");
        d.send("MAIL FROM:<alice@mydomain.example>").expect("250 ");
        d.send("RCPT TO:<bob@mydomain.example>").expect("250 ");
        d.send("DATA").expect("354 ");
        d.raw(PLAIN + ".\r\n");
        assertTrue(d.awaitReply(Duration.ofSeconds(5)).startsWith("250 "));
    }

    @Test
    void spfReadsItsAccessorWhichAnswersNoneUntilTheSpfCheckLands() {
        var none = rules(rule("      - spf: {is: none}\n"));
        assertTrue(send(none, PLAIN).startsWith("554 "));
        d.close();
        var failing = rules(rule("      - spf: {in: [fail, softfail]}\n"));
        assertTrue(send(failing, PLAIN).startsWith("250 "));
        d.close();
        failing.withChecks(Stage.MESSAGE, new RulesCheck(failing.settings.rules(), null, context -> "softfail",
                new MoatMetrics(failing.registry)));
        assertTrue(send(failing, PLAIN).startsWith("554 "));
    }

    @Test
    void everyConditionOfARuleMustHold() {
        var f = rules(rule("      - address-status: {is: stranger}\n      - header: {name: Subject, is: spam}\n"));
        assertTrue(send(f, PLAIN).startsWith("250 "));
        d.close();
        assertTrue(send(f, "Subject: SPAM\r\nTo: <a@b.example>\r\n\r\nx\r\n").startsWith("554 "));
    }

    // ---- actions ---------------------------------------------------------------------------

    @Test
    void discardAnswers250AndHandsTheMessageToNobody() {
        var f = rules("""
                rules:
                  - name: drop
                    when:
                      - header: {name: Subject, is: hello}
                    then:
                      - discard: true
                """);
        assertTrue(send(f, PLAIN).startsWith("250 2.0.0 "));
        assertEquals(List.of(), f.delivery.messages);
        assertEquals(1.0, f.registry.find(MoatMetrics.MESSAGES).tag("reason", "rule-discard").counter().count());
    }

    @Test
    void redirectReplacesTheRecipientsWithTheRoutedAddress() {
        var f = rules("""
                rules:
                  - name: quarantine
                    when:
                      - header: {name: Subject, is: hello}
                    then:
                      - redirect: [quarantine@mydomain.example]
                """);
        assertTrue(send(f, STRANGER, "s@remote.example", List.of("alice@mydomain.example", "bob@mydomain.example"),
                PLAIN).startsWith("250 "));
        assertEquals(List.of("quarantine@mydomain.example"), f.delivery.messages.get(0).recipients());
    }

    @Test
    void aRedirectToARemoteAddressFromAStrangerIsNoOpenRelayAndLosesNothing() {
        var f = rules("""
                rules:
                  - name: out
                    then:
                      - redirect: [victim@elsewhere.example]
                """);
        assertTrue(send(f, PLAIN).startsWith("451 4.3.0 "));
        assertEquals(List.of(), f.delivery.messages);
        d.close();
        assertTrue(send(f, CLIENT, "me@mydomain.example", List.of("alice@mydomain.example"), PLAIN).startsWith("250 "));
        assertEquals(List.of("victim@elsewhere.example"), f.delivery.messages.get(0).recipients());
    }

    @Test
    void addRecipientsKeepsTheEnvelopesAndLeavesOutARecipientRoutedToNull() {
        var f = rules("""
                rules:
                  - name: copy
                    then:
                      - add-recipients: [archive@mydomain.example, noreply@mydomain.example]
                """);
        assertTrue(send(f, PLAIN).startsWith("250 "));
        assertEquals(List.of("alice@mydomain.example", "archive@mydomain.example"),
                f.delivery.messages.get(0).recipients());
    }

    @Test
    void addHeaderPrependsTheFieldBelowTheTrace() {
        var f = rules("""
                rules:
                  - name: mark
                    then:
                      - add-header: "X-Filtered: by moat"
                """);
        assertTrue(send(f, PLAIN).startsWith("250 "));
        String content = f.delivery.messages.get(0).content();
        assertTrue(content.startsWith("Received: "), content);
        assertTrue(content.contains("\r\nX-Filtered: by moat\r\nSubject: hello\r\n"), content);
    }

    @Test
    void tagSubjectPutsTheTagInFrontOfTheSubjectOrAddsOne() {
        var f = rules("""
                rules:
                  - name: tag
                    then:
                      - tag-subject: "[SPAM]"
                """);
        assertTrue(send(f, PLAIN).startsWith("250 "));
        assertTrue(f.delivery.messages.get(0).content().contains("\r\nSubject: [SPAM] hello\r\nTo: "));
        d.close();
        assertTrue(send(f, "To: <a@b.example>\r\n\r\nbody\r\n").startsWith("250 "));
        String content = f.delivery.messages.get(1).content();
        assertTrue(content.contains("\r\nSubject: [SPAM]\r\nTo: <a@b.example>\r\n\r\nbody\r\n"), content);
    }

    @Test
    void stopEndsTheListAfterItsRule() {
        var f = rules("""
                rules:
                  - name: trusted
                    when:
                      - sender: {is: boss@mydomain.example}
                    then:
                      - add-header: "X-Trusted: yes"
                      - stop: true
                  - name: everyone-else
                    then:
                      - reject: "Not today"
                """);
        assertTrue(send(f, STRANGER, "boss@mydomain.example", List.of("alice@mydomain.example"), PLAIN)
                .startsWith("250 "));
        assertTrue(f.delivery.messages.get(0).content().contains("X-Trusted: yes\r\n"));
        d.close();
        assertTrue(send(f, PLAIN).startsWith("554 5.7.1 Not today"));
    }

    @Test
    void rejectEndsTheListAndLaterRulesDoNotRun() {
        var f = rules("""
                rules:
                  - name: first
                    then:
                      - reject: "First"
                  - name: second
                    then:
                      - reject: "Second"
                """);
        assertTrue(send(f, PLAIN).startsWith("554 5.7.1 First (ref "));
        assertFalse(f.delivery.messages.size() > 0);
    }

    @Test
    void aRuleThatExecutesWithoutARunnerAnswers451() {
        var f = rules("""
                rules:
                  - name: filter
                    then:
                      - execute: {command: [/bin/true]}
                """);
        assertTrue(send(f, PLAIN).startsWith("451 4.3.0 "));
        assertEquals(List.of(), f.delivery.messages);
    }
}
