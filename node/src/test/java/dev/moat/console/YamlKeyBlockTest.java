package dev.moat.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.settings.ClusterSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changing one key of the cluster-wide settings document as text: the other keys and their
 * comments stay, the value is read back by the settings parser exactly as typed, and the
 * document's lines map back to the value's.
 */
class YamlKeyBlockTest {
    private static final String DOCUMENT = """
            # cluster-wide settings
            client-addresses: |
              10.0.0.0/8   ; offices

            blacklisted-addresses: |
              192.0.2.1
              192.0.2.2
            # the next hop team's list
            debug-addresses: "198.51.100.7"
            temporary-blocking:
              unblocking-time: 10m
            """;

    @Test
    void aKeyIsReplacedAndEverythingElseStaysAsWritten() {
        var spliced = YamlKeyBlock.replace(DOCUMENT, "blacklisted-addresses", "192.0.2.9   ; spam run\r\n 192.0.2.10\r\n", true);

        assertEquals("""
                # cluster-wide settings
                client-addresses: |
                  10.0.0.0/8   ; offices

                blacklisted-addresses: |2
                  192.0.2.9   ; spam run
                   192.0.2.10
                # the next hop team's list
                debug-addresses: "198.51.100.7"
                temporary-blocking:
                  unblocking-time: 10m
                """, spliced.text());
        assertEquals(6, spliced.firstValueLine());
        var parsed = ClusterSettings.parse(spliced.text());
        assertTrue(parsed.ok(), parsed.errors().toString());
        assertEquals("192.0.2.9   ; spam run\n 192.0.2.10\n", parsed.value().lists().blacklisted().text(),
                "a first line with leading spaces is kept, thanks to the explicit indentation");
        assertEquals("198.51.100.7", parsed.value().lists().debug().text().strip());
    }

    @Test
    void anAbsentKeyIsAddedAtTheEndAndAnEmptyValueRemovesTheKey() {
        var added = YamlKeyBlock.replace(DOCUMENT, "lan-addresses", "10.9.0.0/16\n", true);
        assertTrue(added.text().endsWith("  unblocking-time: 10m\nlan-addresses: |2\n  10.9.0.0/16\n"), added.text());
        assertEquals(13, added.firstValueLine());

        var removed = YamlKeyBlock.replace(DOCUMENT, "debug-addresses", "\r\n", true);
        assertTrue(!removed.text().contains("debug-addresses") && removed.text().contains("# the next hop team's list"));
        assertEquals(0, removed.firstValueLine());
    }

    @Test
    void aYamlValueGoesUnderItsKeyAndIsReadBackWithoutItsIndentation() {
        var spliced = YamlKeyBlock.replace(DOCUMENT, "temporary-blocking", "unblocking-time: 1h\n", false);

        assertTrue(spliced.text().endsWith("temporary-blocking:\n  unblocking-time: 1h\n"), spliced.text());
        assertEquals("unblocking-time: 1h\n", YamlKeyBlock.value(spliced.text(), "temporary-blocking"));
        assertEquals("", YamlKeyBlock.value(DOCUMENT, "rbl-zones"));
    }

    @Test
    void documentLinesMapBackToTheLinesOfTheValue() {
        var spliced = YamlKeyBlock.replace(DOCUMENT, "blacklisted-addresses", "192.0.2.9\n10.0.0.999\n", true);
        assertEquals(List.of(0, 1, 2, 0), List.of(spliced.valueLine(5, 2), spliced.valueLine(6, 2),
                spliced.valueLine(7, 2), spliced.valueLine(8, 2)));
        var errors = ClusterSettings.parse(spliced.text()).errors();
        assertEquals(1, errors.size());
        assertEquals(2, spliced.valueLine(errors.get(0).line(), 2), "the parser names the document line of 10.0.0.999");
    }

    @Test
    void aPlainValueIsWrittenOnItsKeysLineAndReadFromThere() {
        var spliced = YamlKeyBlock.replaceScalar(DOCUMENT + "spf: header   # trying it\n", "spf", "reject-fail\r\n");

        assertTrue(spliced.text().endsWith("  unblocking-time: 10m\nspf: reject-fail\n"), spliced.text());
        assertEquals(12, spliced.firstValueLine(), "the value is on the key's line");
        assertEquals(1, spliced.valueLine(12, 1));
        assertEquals("reject-fail", YamlKeyBlock.scalar(spliced.text(), "spf"));
        assertEquals("header", YamlKeyBlock.scalar("spf: 'header' # why\n", "spf"));
        assertTrue(ClusterSettings.parse(spliced.text()).ok());
    }
}
