package dev.moat.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The authserv-id of an Authentication-Results value (RFC 8601 2.2), one named case a row. */
class AuthservIdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            a token                        | mx.example.org; spf=pass smtp.mailfrom=a@b.example | mx.example.org
            no result                      | mx.example.org; none                              | mx.example.org
            a version after it             | mx.example.org 1; spf=pass                        | mx.example.org
            a quoted-string                | "mx.example.org"; spf=pass                        | mx.example.org
            a quoted-pair inside quotes    | "mx\\.example.org"; spf=pass                      | mx.example.org
            a comment first                | (checked (twice)) mx.example.org; spf=pass        | mx.example.org
            folding white space first      | '\r\n\tmx.example.org; spf=pass'                  | mx.example.org
            an unclosed comment            | (mx.example.org; spf=pass                         | NONE
            an empty value                 | ''                                                | NONE
            a semicolon alone              | ; spf=pass                                        | NONE
            an empty quoted-string         | ""; spf=pass                                      | NONE
            """)
    void theAuthservIdIsTheFirstValue(String name, String value, String expected) {
        assertEquals(Optional.ofNullable(expected), AuthservId.of(value.replace("\\r\\n", "\r\n").replace("\\t", "\t")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the same name                 | mx.example.org; spf=pass     | true
            another case                  | MX.Example.ORG; spf=pass     | true
            another host                  | mx2.example.org; spf=pass    | false
            a longer name ending the same | evil-mx.example.org; none    | false
            the name later in the value   | other.example; mx.example.org | false
            """)
    void aValueClaimsTheIdOnlyAsItsFirstValueInAnyCase(String name, String value, boolean claims) {
        assertEquals(claims, AuthservId.claims(value, "mx.example.org"));
    }
}
