package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "1d, 86400000",
        "45, 45000",
        "'10 s', 10000",
        "0, 0",
    })
    void durationsReadTheirUnitAndAPlainNumberIsSeconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Units.parseDuration(text).orElseThrow());
    }

    @ParameterizedTest(name = "\"{0}\" is not a duration")
    @ValueSource(strings = {"", "s", "1.5s", "-1s", "5 minutes", "5M", "1w", "PT5M", "5m30s"})
    void durationsRejectOtherSpellings(String text) {
        assertTrue(Units.parseDuration(text).isEmpty());
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "1024, 1024",
        "10k, 10240",
        "10K, 10240",
        "10KiB, 10240",
        "10kB, 10240",
        "25MB, 26214400",
        "25MiB, 26214400",
        "25m, 26214400",
        "1G, 1073741824",
        "1GiB, 1073741824",
        "'2 MiB', 2097152",
        "100b, 100",
    })
    void sizeUnitsArePowersOf1024WhicheverSpelling(String text, long bytes) {
        assertEquals(OptionalLong.of(bytes), Units.parseSize(text));
    }

    @ParameterizedTest(name = "\"{0}\" is not a size")
    @ValueSource(strings = {"", "MiB", "1.5MiB", "-1", "10TB", "10 kilobytes", "999999999999999G"})
    void sizesRejectOtherSpellingsAndOverflow(String text) {
        assertTrue(Units.parseSize(text).isEmpty());
    }

    @ParameterizedTest(name = "{0} ms is written {1}")
    @CsvSource({"1, 1ms", "1500, 1500ms", "1000, 1s", "90000, 90s", "300000, 5m", "7200000, 2h", "86400000, 1d"})
    void durationsAreWrittenInTheirShortestExactForm(long millis, String text) {
        assertEquals(text, Units.formatDuration(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "{0} bytes is written {1}")
    @CsvSource({"1000, 1000", "1024, 1KiB", "26214400, 25MiB", "1073741824, 1GiB", "1536, 1536"})
    void sizesAreWrittenInTheirShortestExactForm(long bytes, String text) {
        assertEquals(text, Units.formatSize(bytes));
    }
}
