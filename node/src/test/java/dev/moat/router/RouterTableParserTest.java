package dev.moat.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.moat.router.RouterRecord.Prefix;
import dev.moat.router.RouterRecord.Target.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Router table's text form: one named case per kind of line, good and bad. */
class RouterTableParserTest {

    static Stream<Arguments> goodLines() {
        return Stream.of(
                good("domain record", "spammer.example = error", Prefix.NONE, false, "spammer.example", Kind.ERROR, ""),
                good("address record with a wildcard", "<*@spammer.example> = error", Prefix.NONE, true,
                        "*@spammer.example", Kind.ERROR, ""),
                good("error with its text", "<promo*@company.example> = error No promotions here", Prefix.NONE, true,
                        "promo*@company.example", Kind.ERROR, "No promotions here"),
                good("spam trap", "<misterX@mydomain.example> = spamtrap", Prefix.NONE, true,
                        "misterx@mydomain.example", Kind.SPAMTRAP, ""),
                good("null target", "<bounces> = null", Prefix.NONE, true, "bounces", Kind.DISCARD, ""),
                good("Relay: prefix", "Relay:<joe> = joe@otherdomain.example", Prefix.RELAY, true, "joe",
                        Kind.REWRITE, "joe@otherdomain.example"),
                good("NoRelay: prefix", "NoRelay:<user@mydomain.example> = user@otherhost.example", Prefix.NO_RELAY,
                        true, "user@mydomain.example", Kind.REWRITE, "user@otherhost.example"),
                good("RelayAll: prefix in any case", "relayall:<report-*@mydomain.example> = report-*@partner.example",
                        Prefix.RELAY_ALL, true, "report-*@mydomain.example", Kind.REWRITE, "report-*@partner.example"),
                good("forwarding a domain to a host", "backup.example = backup.example@relayhost.example ; backup MX",
                        Prefix.NONE, false, "backup.example", Kind.REWRITE, "backup.example@relayhost.example"),
                good("local account target", "<Sales> = alice", Prefix.NONE, true, "sales", Kind.REWRITE, "alice"),
                good("wildcard domain record", "*.spammer.example = error", Prefix.NONE, false, "*.spammer.example",
                        Kind.ERROR, ""));
    }

    private static Arguments good(String name, String line, Prefix prefix, boolean address, String pattern,
            Kind kind, String value) {
        return arguments(named(name, line), prefix, address, pattern, kind, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodLines")
    void aGoodLineBecomesOneRecord(String line, Prefix prefix, boolean address, String pattern, Kind kind, String value) {
        var parsed = RouterTable.parse(line, "server");

        assertEquals(List.of(), parsed.errors());
        RouterRecord record = parsed.table().records().get(0);
        assertEquals(prefix, record.prefix());
        assertEquals(address, record.addressRecord());
        assertEquals(pattern, record.pattern());
        assertEquals(kind, record.target().kind());
        assertEquals(value, record.target().value());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                bad("no equals sign", "<joe> joe@elsewhere.example", "needs = between"),
                bad("no target", "<joe> =", "needs a target"),
                bad("unknown prefix", "Relai:<joe> = joe@elsewhere.example", "unknown prefix Relai"),
                bad("unclosed address pattern", "<joe = x", "missing >"),
                bad("empty address pattern", "<> = spamtrap", "empty address pattern"),
                bad("bad domain", "spam_mer.example = error", "not a domain pattern"),
                bad("more stars in the target", "<a*@x.example> = *@*.example", "more * than the pattern"),
                bad("space in the target", "<a@x.example> = b c", "a target holds no spaces"));
    }

    private static Arguments bad(String name, String line, String message) {
        return arguments(named(name, line), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aBadLineIsAnErrorThatNamesIt(String line, String message) {
        var parsed = RouterTable.parse("; a comment\n\n" + line + "\n", "server");

        assertNull(parsed.table());
        assertEquals(1, parsed.errors().size(), parsed.errors().toString());
        assertEquals(3, parsed.errors().get(0).line());
        assertTrue(parsed.errors().get(0).message().contains(message), parsed.errors().get(0).message());
    }

    @Test
    void everyBadLineIsReportedAndTheTableIsRefused() {
        var parsed = RouterTable.parse("""
                <joe> = joe@elsewhere.example
                <bad
                ok.example = other.example
                Joe.Example =
                <JOE> = twice
                """, "cluster");

        assertNull(parsed.table());
        assertEquals(List.of(2, 4, 5), parsed.errors().stream().map(RouterTableParser.LineError::line).toList());
        assertTrue(parsed.errors().get(2).message().contains("as line 1"), parsed.errors().get(2).message());
    }

    @Test
    void commentsAndEmptyLinesAreNoRecords() {
        var parsed = RouterTable.parse("; the table\n\n   ; indented comment\n<a> = b ; why\n", "server");

        assertEquals(1, parsed.table().size());
        assertEquals("<a> = b", parsed.table().records().get(0).text());
        assertEquals(4, parsed.table().records().get(0).line());
    }
}
