package dev.moat.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The console's template escapes every value it is given, and inserts only its own Html pieces as they are. */
class HtmlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "a script tag => &lt;script&gt;alert(1)&lt;/script&gt;",
        "an attribute break \" onfocus=\"x => an attribute break &quot; onfocus=&quot;x",
        "single quotes ' too => single quotes &#39; too",
        "an entity &amp; => an entity &amp;amp;",
        "plain text => plain text"})
    void everyValueIsEscaped(String value, String escaped) {
        String raw = value.replace("a script tag", "<script>alert(1)</script>");
        assertEquals("<p title=\"" + escaped + "\">" + escaped + "</p>",
                Html.render("<p title=\"{{v}}\">{{v}}</p>", "v", raw).toString());
    }

    @Test
    void htmlPiecesGoInAsTheyAreAndEscapedTextStaysEscaped() {
        Html piece = Html.render("<b>{{x}}</b>", "x", "<i>");
        assertEquals("<p><b>&lt;i&gt;</b></p>", Html.render("<p>{{piece}}</p>", "piece", piece).toString());
        assertEquals("<b>&lt;i&gt;</b><b>&lt;i&gt;</b>", Html.join(List.of(piece, piece)).toString());
    }

    @Test
    void aPlaceholderWithoutAValueIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Html.render("<p>{{missing}}</p>"));
    }

    @Test
    void aReplacementHoldingDollarsAndBackslashesIsTakenLiterally() {
        assertEquals("<p>$1 \\n</p>", Html.render("<p>{{v}}</p>", "v", "$1 \\n").toString());
    }
}
