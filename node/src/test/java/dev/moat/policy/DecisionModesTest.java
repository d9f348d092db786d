package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.mail.Reply;
import dev.moat.metrics.MoatMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionModesTest {
    private static final String LISTS = """
            blacklisted-addresses: |
              ; spam sources
              192.0.2.0/24
            """;

    private static CheckRunner runner(DecisionModes modes, VerdictListener listener, Session session) {
        return new CheckRunner(Map.of(Stage.RCPT, List.of(new BlacklistCheck(session.settings().blacklisted()))),
                List.of(), listener, modes);
    }

    private static Verdict run(DecisionModes modes, VerdictListener listener) {
        Session session = Session.at(Stage.RCPT, "192.0.2.7", LISTS).judging("user@moat.test");
        return runner(modes, listener, session).run(session).toCompletableFuture().join();
    }

    @Test
    void aCheckNoKeyNamesEnforces() {
        Verdict verdict = run(DecisionModes.ENFORCE_ALL, VerdictListener.NONE);
        assertEquals(Verdict.Action.REJECT, verdict.action());
        assertEquals(550, verdict.reply().code());
    }

    @Test
    void theListsOwnKeyWinsOverTheChecksName() {
        var modes = new DecisionModes(Map.of("blacklist", DecisionMode.ENFORCE,
                "blacklist/blacklisted-addresses", DecisionMode.MONITOR));
        assertTrue(run(modes, VerdictListener.NONE).passes());
        var other = new DecisionModes(Map.of("blacklist/zen.example", DecisionMode.MONITOR));
        assertFalse(run(other, VerdictListener.NONE).passes(), "another zone's key does not apply to a list line");
    }

    @Test
    void monitorModeLetsTheRecipientPassAndTheRecordAndMetricSayItWouldRefuse() {
        var registry = new SimpleMeterRegistry();
        var records = new DecisionRecords("node-1", true, 10, 10);
        Verdict verdict = run(new DecisionModes(Map.of("blacklist", DecisionMode.MONITOR)),
                new DecisionLog(new MoatMetrics(registry), records));

        assertTrue(verdict.passes());
        assertEquals(List.of(), verdict.effects());
        DecisionRecord record = records.find(new DecisionFilter(null, null, null, 0, 10)).get(0);
        assertEquals("would-reject", record.outcome());
        assertEquals(DecisionMode.MONITOR, record.mode());
        assertNull(record.sent(), "nothing was sent");
        assertEquals(new Match.ListLine(new Listing(AddressListKind.BLACKLISTED, SettingsLayer.SERVER_WIDE, 2,
                "192.0.2.0/24")), record.match());
        assertEquals(1.0, registry.get(MoatMetrics.DECISIONS).tags("check", "blacklist", "mode", "monitor",
                "action", "reject").counter().count());
        assertTrue(registry.find(MoatMetrics.VERDICTS).counters().isEmpty(), "no refusal was sent");
        assertTrue(record.json().contains("\"outcome\":\"would-reject\""), record.json());
        assertTrue(record.json().contains("\"reply\":null"), record.json());
    }

    @Test
    void tempfailModeSendsThe4xxCounterpartAndTagModeAHeader() {
        Verdict temporary = run(new DecisionModes(Map.of("blacklist", DecisionMode.TEMPFAIL)), VerdictListener.NONE);
        assertEquals("450 4.7.1 Mail from 192.0.2.7 refused: the address is blacklisted", temporary.reply().toString());

        Verdict tagged = run(new DecisionModes(Map.of("blacklist", DecisionMode.TAG)), VerdictListener.NONE);
        assertTrue(tagged.passes());
        assertEquals(List.of(new Effect.AddHeader(DecisionModes.TAG_HEADER, "blacklist 550 5.7.1 (ref TESTREF000): "
                + "Blacklisted IP Addresses (server-wide blacklisted-addresses, line 2: 192.0.2.0/24)")), tagged.effects());
    }

    @ParameterizedTest(name = "{0} {1} becomes {2} {3}")
    @CsvSource({"550, 5.7.1, 450, 4.7.1", "553, 5.1.8, 450, 4.1.8", "552, 5.3.4, 452, 4.3.4", "554, 5.7.1, 451, 4.7.1",
            "501, 5.5.2, 451, 4.5.2", "451, 4.4.3, 451, 4.4.3"})
    void everyRefusalHasA4xxCounterpart(int code, String enhanced, int temporaryCode, String temporaryEnhanced) {
        Reply reply = DecisionModes.temporary(Reply.of(code, enhanced, "text"));
        assertEquals(temporaryCode, reply.code());
        assertEquals(temporaryEnhanced, reply.enhanced());
    }

    @Test
    void aDisconnectInTempfailModeCloses421() {
        Verdict denied = Verdict.disconnect("denied", Reply.permanent(554, "5.7.1", "Access denied"), "listed");
        Verdict applied = DecisionModes.apply(denied, DecisionMode.TEMPFAIL, "R");
        assertEquals(Verdict.Action.DISCONNECT, applied.action());
        assertEquals("421 4.7.1 Access denied", applied.reply().toString());
    }

    @Test
    void aVerdictMadeTheOldWayGetsItsReasonAsItsMatchAndARecord() {
        var records = new DecisionRecords("node-1", true, 10, 10);
        var runner = new CheckRunner(Map.of(Stage.HELO, List.of(new ImmediateCheck() {
            @Override
            public String name() {
                return "later-check";
            }

            @Override
            public Verdict judge(CheckContext context) {
                return Verdict.reject("later-check", Reply.permanent(550, "5.7.1", "No"), "because of rule 7");
            }
        })), List.of(), new DecisionLog(new MoatMetrics(new SimpleMeterRegistry()), records),
                new DecisionModes(Map.of("later-check", DecisionMode.MONITOR)));
        assertTrue(runner.run(Session.at(Stage.HELO, "192.0.2.7", "")).toCompletableFuture().join().passes(),
                "a check written later gets its mode by its name");
        DecisionRecord record = records.find(new DecisionFilter(null, "TESTREF000", "later-check", 0, 1)).get(0);
        assertEquals(new Match.Described("because of rule 7"), record.match());
        assertEquals("helo", record.stage());
    }

    @Test
    void theRingKeepsTheNewestAndFindsByAddressReferenceAndCheck() {
        var records = new DecisionRecords("node-1", true, 3, 1);
        for (int i = 0; i < 5; i++) {
            records.record("REF" + i, dev.moat.net.IpAddress.parse("192.0.2." + i), "connect", "denied",
                    new Match.Other("test", "", "n" + i), "disconnect", null);
        }
        assertEquals(3, records.size());
        var all = records.find(new DecisionFilter(null, null, null, 0, 10));
        assertEquals(List.of("REF4", "REF3", "REF2"), all.stream().map(DecisionRecord::reference).toList());
        assertEquals(List.of("REF3"), records.find(new DecisionFilter(dev.moat.net.IpAddress.parse("192.0.2.3"),
                null, null, 0, 10)).stream().map(DecisionRecord::reference).toList());
        assertTrue(records.find(new DecisionFilter(null, "REF0", null, 0, 10)).isEmpty(), "overwritten");
        records.configure(true, 10, 1);
        assertEquals(3, records.size(), "a bigger ring keeps what the smaller one had");
        records.configure(false, 10, 1);
        records.record("REF9", dev.moat.net.IpAddress.parse("192.0.2.9"), "connect", "denied",
                new Match.Other("test", "", "off"), "disconnect", null);
        assertTrue(records.find(new DecisionFilter(null, "REF9", null, 0, 10)).isEmpty(), "records off keep nothing");
    }

    @Test
    void sessionReferencesAreTenCharactersLeadByTheNodesTagAndNeverRepeat() {
        var one = new SessionReferences(1);
        var two = new SessionReferences(2);
        var seen = new java.util.HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String a = one.next();
            String b = two.next();
            assertTrue(a.matches("01[0-9A-Z]{8}"), a);
            assertTrue(b.matches("02[0-9A-Z]{8}"), b);
            assertTrue(seen.add(a) && seen.add(b));
        }
    }
}
