package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {
    private static final List<String> SMTP_KEYS = List.of("host-name", "greeting", "listeners", "max-message-size",
            "max-recipients", "max-connections", "max-connections-per-address", "timeouts", "tls", "auth");

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
        "max-recipient, max-recipients",
        "max_recipients, max-recipients",
        "maxRecipients, max-recipients",
        "hostname, host-name",
        "greting, greeting",
        "listener, listeners",
        "max-conections, max-connections",
        "tsl, tls",
    })
    void aKeyCloseToAKnownOneSuggestsIt(String unknown, String suggestion) {
        assertEquals(Optional.of(suggestion), DidYouMean.closest(unknown, SMTP_KEYS));
    }

    @ParameterizedTest(name = "{0} suggests nothing")
    @CsvSource({"port", "banner", "relay-host", "x"})
    void aKeyFarFromEveryKnownOneSuggestsNothing(String unknown) {
        assertEquals(Optional.empty(), DidYouMean.closest(unknown, SMTP_KEYS));
    }
}
