package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The schema the parser describes of itself names every key of the full example (which
 * another test parses, so it holds every field), and its patterns take what the parser takes.
 */
class SettingsSchemaTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyOfTheFullExampleIsInTheSchema() throws IOException {
        var example = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("src/test/resources/settings/full-example.yaml")));
        var missing = new ArrayList<String>();
        walk("", example, SettingsSchema.serverSettings(), missing);
        assertEquals(List.of(), missing);
    }

    @Test
    void theAddressListPatternTakesWhatTheParserTakesAndRefusesABadOctet() {
        var pattern = Pattern.compile((String) ((Map<?, ?>) ((List<?>) SettingsSchema.addresses().get("anyOf")).get(0))
                .get("pattern"));
        var good = "192.0.2.0/24   ; a comment\n!192.0.2.7\n192.0.2.10 - 192.0.2.20\n2001:db8::/32\n\n::1\n";
        assertTrue(dev.moat.net.NetworkAddressList.parse(good).ok());
        assertTrue(pattern.matcher(good).matches());
        assertTrue(!pattern.matcher("10.0.0.999").matches());
        assertTrue(!pattern.matcher("010.0.0.1").matches(), "leading zeros read as octal elsewhere");
    }

    @SuppressWarnings("unchecked")
    private static void walk(String path, Map<String, Object> value, Map<String, Object> schema, List<String> missing) {
        var properties = (Map<String, Object>) schema.get("properties");
        for (var entry : value.entrySet()) {
            var key = path + entry.getKey();
            var described = (Map<String, Object>) properties.get(entry.getKey());
            if (described == null) {
                missing.add(key);
            } else if (entry.getValue() instanceof Map<?, ?> child && described.containsKey("properties")) {
                walk(key + ".", (Map<String, Object>) child, described, missing);
            } else if (entry.getValue() instanceof List<?> items && "array".equals(described.get("type"))
                    && ((Map<String, Object>) described.get("items")).containsKey("properties")) {
                for (var item : items) {
                    walk(key + "[].", (Map<String, Object>) item, (Map<String, Object>) described.get("items"), missing);
                }
            }
        }
    }
}
