package dev.moat.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The banned-line lists alone: their text format, its validation, and matching, case by named case. */
class BannedLinesTest {

    private static BannedLines body(String text) {
        var parsed = BannedLines.parse(text, BannedList.BODY, "server-wide");
        assertTrue(parsed.ok(), parsed.errors()::toString);
        return parsed.lines();
    }

    private static BannedLines header(String text) {
        var parsed = BannedLines.parse(text, BannedList.HEADER, "cluster-wide");
        assertTrue(parsed.ok(), parsed.errors()::toString);
        return parsed.lines();
    }

    @Test
    void anExactLineMatchesOnlyTheWholeLine() {
        var lines = body("Buy cheap watches now\nSecond line\n");

        var found = lines.find("Buy cheap watches now");
        assertNotNull(found);
        assertEquals("line 1 of the server-wide Banned Body Lines: \"Buy cheap watches now\"", found.describe());
        assertEquals(2, lines.find("Second line").line());
        assertNull(lines.find("Buy cheap watches now!"), "a longer line is another line");
        assertNull(lines.find(" Buy cheap watches now"));
        assertNull(lines.find("Buy cheap watches"));
        assertNull(lines.find(""));
    }

    @ParameterizedTest(name = "{0} against \"{1}\": {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Buy*           | Buy                      | true
            Buy*           | Buy now                  | true
            Buy*           | I Buy                    | false
            *@spam.example>| From: <x@spam.example>   | true
            *@spam.example>| <x@spam.example> again   | false
            *viagra*       | cheap viagra here        | true
            *viagra*       | viagra                   | true
            *viagra*       | Viagra                   | false
            a*b*c          | abc                      | true
            a*b*c          | a-b-c                    | true
            a*b*c          | a-c-b                    | false
            a*b*c          | a-b-cd                   | false
            a*a            | a                        | false
            a*a            | aa                       | true
            *ab*ab*        | xabyab                   | true
            *ab*ab*        | xaby                     | false
            Click *here*   | Click to go here now     | true
            Click *here*   | Click here               | true
            Click *here*   | Clickhere                | false
            Click*here     | Clickhere                | true
            """)
    void aStarMatchesAnyRunOfCharactersTheEmptyRunToo(String pattern, String line, boolean matches) {
        assertEquals(matches, body(pattern.strip() + "\n").find(line.strip()) != null);
    }

    @Test
    void comparisonIsCaseSensitive() {
        var lines = body("Subject-like Body Line\nPrefix*\n");

        assertNotNull(lines.find("Subject-like Body Line"));
        assertNull(lines.find("subject-like body line"));
        assertNull(lines.find("SUBJECT-LIKE BODY LINE"));
        assertNotNull(lines.find("Prefix and more"));
        assertNull(lines.find("prefix and more"));
    }

    @Test
    void aWrappedHeaderLineMatchesOnlyWithItsLineBreaks() {
        var lines = header("Subject: Make money\n fast, today\n");

        assertNotNull(lines.find("Subject: Make money\r\n fast, today"), "the field as received, wrapped");
        assertNull(lines.find("Subject: Make money fast, today"), "the same words unwrapped are another line");
        assertNull(lines.find("Subject: Make money\r\n\tfast, today"), "a tab is not a space");
        assertEquals(1, lines.find("Subject: Make money\r\n fast, today").line());
    }

    @Test
    void aWildcardSpansTheLineBreaksOfAWrappedHeader() {
        var lines = header("Subject: *fast*\n");

        assertNotNull(lines.find("Subject: Make money\r\n fast, today"));
    }

    @Test
    void inABodyListALineThatStartsWithASpaceIsALineOfItsOwn() {
        var lines = body("first\n  indented line\n");

        assertNotNull(lines.find("  indented line"));
        assertNotNull(lines.find("first"));
        assertEquals(2, lines.size());
    }

    @Test
    void aDocumentWithCrlfLineEndsReadsTheSame() {
        var lines = header("X-Mailer: Spam 1.0\r\nSubject: Hot\r\n deals\r\n");

        assertNotNull(lines.find("X-Mailer: Spam 1.0"));
        assertNotNull(lines.find("Subject: Hot\r\n deals"));
    }

    @Test
    void aLineOfUtf8TextIsComparedAsItsOctets() {
        var lines = body("Prix très bas\n");
        String asReceived = new String("Prix très bas".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertNotNull(lines.find(asReceived));
        assertEquals("Prix très bas", lines.find(asReceived).written());
        assertNull(lines.find("Prix très bas"), "the same text in Latin-1 octets is another line");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an empty line            | 3 | is empty or blank
            a blank line             | 3 | is empty or blank
            a control character      | 3 | holds the control character U+0007 at column 5
            a bare carriage return   | 3 | holds the control character U+000D at column 4
            only wildcards           | 3 | is only wildcards
            a line too long          | 3 | is 999 octets long
            """)
    void aBadLineRefusesTheWholeListNamingItsLine(String what, int line, String message) {
        String bad = switch (what) {
            case "an empty line" -> "";
            case "a blank line" -> " \t ";
            case "a control character" -> "bell\u0007";
            case "a bare carriage return" -> "bad\rline";
            case "only wildcards" -> "***";
            default -> "x".repeat(999);
        };
        var parsed = BannedLines.parse("good line\nanother good line\n" + bad + "\nlast line\n", BannedList.BODY,
                "server-wide");

        assertFalse(parsed.ok());
        assertNull(parsed.lines());
        assertEquals(1, parsed.errors().size(), parsed.errors()::toString);
        assertEquals(line, parsed.errors().get(0).line());
        assertTrue(parsed.errors().get(0).message().startsWith(message), parsed.errors()::toString);
    }

    @Test
    void aHeaderContinuationWithNoLineBeforeItIsRefused() {
        var parsed = BannedLines.parse(" continued\nSubject: fine\n", BannedList.HEADER, "server-wide");

        assertEquals(List.of(new BannedLines.LineError(1, "continues a header line (it starts with a space or a "
                + "tab) but no line comes before it")), parsed.errors());
    }

    @Test
    void everyBadLineIsNamedNotOnlyTheFirst() {
        var parsed = BannedLines.parse("ok\n\n*\nok too\n", BannedList.BODY, "cluster-wide");

        assertEquals(List.of(2, 3), parsed.errors().stream().map(BannedLines.LineError::line).toList());
    }

    @Test
    void theLastLineNeedsNoLineEndAndAnEmptyDocumentIsAnEmptyList() {
        assertNotNull(body("a\nb").find("b"));
        assertTrue(body("").isEmpty());
    }

    /**
     * The index (hash, prefix and suffix tables, automaton) against the plain reading of the
     * rule (a regular expression per line, tried one by one) on random lists and lines over a
     * small alphabet, so that lines share prefixes, suffixes and runs often.
     */
    @Test
    void theCompiledListAgreesWithARegularExpressionPerLineOnRandomListsAndLines() {
        var random = new Random(20);
        for (int round = 0; round < 200; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                String pattern;
                do {
                    pattern = randomText(random, "ab*c", 1 + random.nextInt(8));
                } while (pattern.chars().allMatch(c -> c == '*'));
                patterns.add(pattern);
            }
            var lines = body(String.join("\n", patterns));
            List<Pattern> regexes = patterns.stream().map(BannedLinesTest::regex).toList();
            for (int j = 0; j < 200; j++) {
                String line = randomText(random, "abc", random.nextInt(12));
                boolean expected = regexes.stream().anyMatch(r -> r.matcher(line).matches());
                BannedEntry found = lines.find(line);
                assertEquals(expected, found != null, () -> "line '" + line + "' against " + patterns);
                if (found != null) {
                    assertTrue(regex(found.octets()).matcher(line).matches(), found::describe);
                }
            }
        }
    }

    /**
     * The same, with lines and list lines long enough for the word reads: exact lines of up to
     * 40 octets, starts and ends of 8 to 20 octets (their 8- and 16-octet fingerprints), and
     * {@code *...*} lines whose run of 8 or more octets is found by sampling; each message line
     * is also looked up as a range in the middle of a larger buffer, so no read strays past it.
     */
    @Test
    void longLinesAgreeWithARegularExpressionPerLineAlsoAsARangeOfALargerBuffer() {
        var random = new Random(21);
        for (int round = 0; round < 100; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(40); i++) {
                String run = randomText(random, "ab", 8 + random.nextInt(13));
                String other = randomText(random, "ab", random.nextInt(4));
                patterns.add(switch (random.nextInt(5)) {
                    case 0 -> randomText(random, "ab", 1 + random.nextInt(40));
                    case 1 -> run + "*" + other;
                    case 2 -> other + "*" + run;
                    case 3 -> "*" + run + "*";
                    default -> "*" + other + "*" + run + "*" + other + "*";
                });
            }
            var lines = body(String.join("\n", patterns));
            List<Pattern> regexes = patterns.stream().map(BannedLinesTest::regex).toList();
            for (int j = 0; j < 300; j++) {
                String line = j % 3 == 0 ? mutated(random, patterns.get(random.nextInt(patterns.size())))
                        : randomText(random, "ab", random.nextInt(48));
                boolean expected = regexes.stream().anyMatch(r -> r.matcher(line).matches());
                assertEquals(expected, lines.find(line) != null, () -> "line '" + line + "' against " + patterns);
                byte[] octets = line.getBytes(StandardCharsets.ISO_8859_1);
                byte[] buffer = new byte[octets.length + 24];
                java.util.Arrays.fill(buffer, (byte) 'a');
                System.arraycopy(octets, 0, buffer, 11, octets.length);
                assertEquals(expected, lines.find(buffer, 11, octets.length) != null,
                        () -> "line '" + line + "' within a buffer against " + patterns);
            }
        }
    }

    /** A list line with each {@code *} replaced by a few random octets: often a line it matches. */
    private static String mutated(Random random, String pattern) {
        var line = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            line.append(c == '*' ? randomText(random, "ab", random.nextInt(6)) : String.valueOf(c));
        }
        return line.toString();
    }

    private static String randomText(Random random, String alphabet, int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static Pattern regex(String wildcard) {
        var regex = new StringBuilder();
        for (String part : wildcard.split("\\*", -1)) {
            if (regex.length() > 0 || wildcard.startsWith("*")) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
