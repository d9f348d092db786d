package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderTemplateTest {

    /** A template as written, the RBL server, and the header it gives for client 192.0.2.7. */
    static Stream<Arguments> renderings() {
        return Stream.of(
                argumentSet("the default without an RBL server", "X-Blacklisted: ^0 ^1", "", "X-Blacklisted: 192.0.2.7"),
                argumentSet("the default with an RBL server", "X-Blacklisted: ^0 ^1", "rbl.example", "X-Blacklisted: rbl.example 192.0.2.7"),
                argumentSet("macros used twice and in any order", "X-Spam: [^1] ^0/^0", "zen.example", "X-Spam: [192.0.2.7] zen.example/zen.example"),
                argumentSet("no macros at all", "X-Spam-Flag: YES", "rbl.example", "X-Spam-Flag: YES"),
                argumentSet("spaces around the value", "X-Spam:   ^1  ", "", "X-Spam: 192.0.2.7"),
                argumentSet("a value of macros that are empty", "X-Listed-By: ^0", "", "X-Listed-By: "));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void aTemplateRendersWithTheRblServerAndTheClientAddress(String text, String rbl, String expected) {
        HeaderTemplate template = HeaderTemplate.parse(text).template().orElseThrow();

        assertEquals(expected, template.name() + ": " + template.render(rbl, "192.0.2.7"));
    }

    /** A template that is refused, and words its error must hold. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                argumentSet("empty", "", "a field name, a colon"),
                argumentSet("no colon", "X-Blacklisted ^0 ^1", "a field name, a colon"),
                argumentSet("no name", ": ^1", "a field name, a colon"),
                argumentSet("a space in the name", "X Blacklisted: ^1", "printable ASCII without spaces"),
                argumentSet("a space before the colon", "X-Blacklisted : ^1", "printable ASCII without spaces"),
                argumentSet("a non-ASCII name", "X-Schwarzliste-ü: ^1", "printable ASCII without spaces"),
                argumentSet("a non-ASCII value", "X-Blacklisted: schwarz ü", "only printable ASCII"),
                argumentSet("an unknown macro", "X-Blacklisted: ^2", "only ^0 (the RBL server) and ^1"),
                argumentSet("a lone caret at the end", "X-Blacklisted: ^1 ^", "only ^0 (the RBL server) and ^1"),
                argumentSet("too long", "X-Blacklisted: " + "a".repeat(500), "at most 500 characters"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aMalformedTemplateIsRefusedSayingWhy(String text, String words) {
        HeaderTemplate.Result result = HeaderTemplate.parse(text);

        assertTrue(result.template().isEmpty(), () -> "accepted: " + text);
        assertTrue(result.error().contains(words), result.error());
    }
}
