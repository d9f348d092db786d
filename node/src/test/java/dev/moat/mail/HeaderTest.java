package dev.moat.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Header fields put back together from their lines, and the one path that adds fields. */
class HeaderTest {

    private static List<String> fold(String... lines) {
        List<String> fields = new ArrayList<>();
        var folding = new HeaderFolding(field -> fields.add(field.name() + "|" + field.text()));
        for (String line : lines) {
            folding.line(line);
        }
        folding.end();
        return fields;
    }

    @Test
    void aWrappedFieldKeepsItsLineBreaksAndFoldingWhiteSpace() {
        assertEquals(List.of("Subject|Subject: one\r\n two\r\n\tthree", "To|To: <b@example.net>"),
                fold("Subject: one", " two", "\tthree", "To: <b@example.net>"));
    }

    @Test
    void aContinuationWithNothingBeforeItAndALineWithoutAColonAreFieldsOfTheirOwn() {
        assertEquals(List.of("\tstray|\tstray", "garbage|garbage"), fold("\tstray", "garbage"));
    }

    @Test
    void theValueIsUnfoldedAndTrimmed() {
        assertEquals("one two", HeaderField.of("Subject:  one\r\n two ").value());
        assertEquals("", HeaderField.of("X-Empty:").value());
    }

    @Test
    void editsRenderEachFieldOnItsLinesInTheOrderAdded() {
        var edits = new HeaderEdits().addField("Received: from a\r\n\tby b; date").add("X-Blacklisted", "rbl 192.0.2.7");

        assertEquals("Received: from a\r\n\tby b; date\r\nX-Blacklisted: rbl 192.0.2.7\r\n", edits.render());
        assertEquals("", new HeaderEdits().render());
    }

    @Test
    void anEditCannotInjectALineOrABadName() {
        var edits = new HeaderEdits();
        assertThrows(IllegalArgumentException.class, () -> edits.add("X-Tag", "a\r\nBcc: victim@example.net"));
        assertThrows(IllegalArgumentException.class, () -> edits.add("X-Tag", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> edits.add("X-Tag", "a\rb"));
        assertThrows(IllegalArgumentException.class, () -> edits.add("X Tag", "a"));
        assertThrows(IllegalArgumentException.class, () -> edits.add("", "a"));
        assertThrows(IllegalArgumentException.class, () -> edits.addField("no colon"));
        assertEquals("", edits.render(), "a refused field adds nothing");
    }
}
