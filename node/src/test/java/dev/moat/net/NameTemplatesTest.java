package dev.moat.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DNS-name templates: {@code *} for any run, case ignored, failure texts matched like names. */
class NameTemplatesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("a star before a domain", "*.dyn.example", "host-7.DYN.example", true),
                argumentSet("a star does not cross the end", "*.dyn.example", "dyn.example", false),
                argumentSet("a star matches the empty run", "mail*.example", "mail.example", true),
                argumentSet("two stars", "*dsl*.isp.example", "a.b.adsl-1.isp.example", true),
                argumentSet("no star is the whole name", "mx.example", "mx.example.net", false),
                argumentSet("the failure text", "(host name is unknown)", "(host name is unknown)", true),
                argumentSet("a star matches every name", "*", "anything", true),
                argumentSet("backtracking", "*a*b", "xaxxab", true),
                argumentSet("no match after backtracking", "*a*b", "xaxxa", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void templatesMatchNames(String template, String name, boolean matches) {
        assertEquals(matches, NameTemplates.parse(template).templates().match(name).isPresent());
    }

    @org.junit.jupiter.api.Test
    void theFirstMatchingTemplateAnswersWithItsLineAndCommentsAreSkipped() {
        var parsed = NameTemplates.parse("; dynamic pools\n*.pool.example\n\n*.example ; catch-all\n");

        assertEquals(new NameTemplates.Template("*.pool.example", 2), parsed.templates().match("a.pool.example").get());
        assertEquals(4, parsed.templates().match("b.example").get().line());
        assertFalse(NameTemplates.parse("bad\u0001name").ok());
    }
}
