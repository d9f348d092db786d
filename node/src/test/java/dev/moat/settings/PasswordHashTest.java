package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {
    /** Made once: each hash costs a few tenths of a second by design. */
    private static final String SECRET_HASH = PasswordHash.create("s3cret pass".toCharArray());

    @Test
    void aCreatedHashMatchesItsPasswordAndNoOther() {
        PasswordHash hash = PasswordHash.parse(SECRET_HASH).orElseThrow();
        assertTrue(hash.matches("s3cret pass".toCharArray()));
        assertFalse(hash.matches("s3cret pasS".toCharArray()));
        assertFalse(hash.matches(new char[0]));
    }

    @Test
    void aCreatedHashHasAtLeast100000IterationsA16ByteSaltAnd32ByteHash() {
        String[] parts = SECRET_HASH.split("\\$");
        assertEquals("pbkdf2-sha256", parts[1]);
        assertTrue(Integer.parseInt(parts[2].substring("i=".length())) >= 100_000);
        assertEquals(16, Base64.getDecoder().decode(parts[3]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[4]).length);
    }

    @Test
    void thePasswordArrayIsLeftAsItWas() {
        char[] password = "unchanged".toCharArray();
        PasswordHash.create(password);
        assertEquals("unchanged", new String(password));
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertNotEquals(SECRET_HASH, PasswordHash.create("s3cret pass".toCharArray()));
    }

    @Test
    void aHashRoundTripsThroughItsSettingsForm() {
        PasswordHash hash = PasswordHash.parse(SECRET_HASH).orElseThrow();
        assertEquals(SECRET_HASH, hash.encoded());
        assertEquals(hash, PasswordHash.parse(hash.encoded()).orElseThrow());
    }

    @Test
    void paddedBase64IsAcceptedToo() {
        String[] parts = SECRET_HASH.split("\\$");
        String padded = "$pbkdf2-sha256$" + parts[2] + "$" + parts[3] + "==$" + parts[4] + "=";
        assertEquals(PasswordHash.parse(SECRET_HASH), PasswordHash.parse(padded));
    }

    @Test
    void theTextFormShowsNeitherSaltNorHash() {
        String text = PasswordHash.parse(SECRET_HASH).orElseThrow().toString();
        String[] parts = SECRET_HASH.split("\\$");
        assertFalse(text.contains(parts[3]) || text.contains(parts[4]), text);
    }

    @Test
    void anEmptyPasswordCannotBeHashed() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.create(new char[0]));
    }

    @ParameterizedTest(name = "\"{0}\" is not a hash")
    @ValueSource(strings = {
        "",
        "secret",
        "$pbkdf2-sha1$i=310000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=99999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=310000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=310000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "$pbkdf2-sha256$i=310000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra",
        "$pbkdf2-sha256$310000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=310000$A!AAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    })
    void malformedOrWeakHashesDoNotParse(String text) {
        assertTrue(PasswordHash.parse(text).isEmpty());
    }

    @Test
    void theValidFormThoseCasesVaryIsAccepted() {
        String valid = "$pbkdf2-sha256$i=310000$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43);
        assertTrue(PasswordHash.parse(valid).isPresent(), Arrays.toString(valid.split("\\$")));
    }
}
