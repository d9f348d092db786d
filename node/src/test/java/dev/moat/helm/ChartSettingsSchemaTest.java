package dev.moat.helm;

import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static dev.moat.helm.MoatChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.moat.settings.SettingsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's {@code values.schema.json} describes {@code settings} with the node's own
 * settings model ({@link SettingsSchema}, less the sections the chart writes itself), so a
 * misspelt key or a bad value stops {@code helm install} and {@code upgrade} before any pod
 * sees it. The first test fails when the two drift; run it with {@code -Dmoat.writeSchema=true}
 * to write the model into the chart's file.
 */
class ChartSettingsSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper().setDefaultPrettyPrinter(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void theChartsSchemaOfSettingsIsTheNodesSettingsModel() throws IOException {
        var file = MoatChart.directory().resolve("values.schema.json");
        var written = JSON.readTree(file.toFile()).path("properties").path("settings");
        var model = JSON.readTree(JSON.writeValueAsString(chartSettings()));

        if (!model.equals(written) && Boolean.getBoolean("moat.writeSchema")) {
            Files.writeString(file, withSettings(Files.readString(file), JSON.writeValueAsString(model)));
            written = JSON.readTree(file.toFile()).path("properties").path("settings");
        }
        assertEquals(model, written, "helm/moat/values.schema.json describes settings otherwise than the node's "
                + "settings model; mvn test -Dtest=ChartSettingsSchemaTest -Dmoat.writeSchema=true writes the model in");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a misspelt key | settings.smtp.max-recipientz | 5 | max-recipientz",
        "a number out of range | settings.smtp.max-recipients | 0 | /settings/smtp/max-recipients",
        "an address with an octet over 255 | settings.client-addresses | 10.0.0.999 | /settings/client-addresses",
        "a duration without its unit's letters | settings.smtp.timeouts.command | five minutes | /settings/smtp/timeouts/command",
        "a choice that is not one | settings.delivery.mode | forward | /settings/delivery/mode",
        "a size in an unknown unit | settings.smtp.max-message-size | 25 parsecs | /settings/smtp/max-message-size",
        "a key inside a list's item | settings.smtp.auth.users[0].passwd | x | passwd",
    })
    void badSettingsStopTheRenderNamingTheKey(String what, String key, String value, String named) {
        var error = assertThrows(IllegalStateException.class, () -> render(c -> c.set(key, value)));

        assertTrue(error.getMessage().contains("schema"), error::getMessage);
        assertTrue(error.getMessage().contains(named), error::getMessage);
    }

    @Test
    void everySettingValuesMaySetPassesTheSchemaAndReachesTheNode(@TempDir Path dir) throws IOException {
        var lists = Files.writeString(dir.resolve("lists.yaml"), """
                settings:
                  blacklisted-addresses: |
                    198.51.100.0/24   ; spam run
                    !198.51.100.7
                    2001:db8::1 - 2001:db8::9
                  white-hole-addresses: ["192.0.2.1", "!192.0.2.1", "2001:db8::/32"]
                """);
        var settings = settings(render(c -> c.withValuesFile(values("every-setting.yaml")).withValuesFile(lists)));

        assertEquals(100_000, settings.smtp().maxRecipients());
        var blacklisted = settings.lists().blacklisted().addresses();
        assertTrue(blacklisted.contains(dev.moat.net.IpAddress.parse("198.51.100.8")));
        assertTrue(!blacklisted.contains(dev.moat.net.IpAddress.parse("198.51.100.7")));
        assertTrue(blacklisted.contains(dev.moat.net.IpAddress.parse("2001:db8::5")));
    }

    /**
     * The chart's schema text with the value of its top-level {@code "settings"} property
     * replaced by {@code json}, indented to its place; the rest of the file stays as written.
     */
    static String withSettings(String schema, String json) {
        var key = "\n    \"settings\": ";
        int start = schema.indexOf(key) + key.length();
        int depth = 0;
        int end = start;
        boolean quoted = false;
        do {
            char c = schema.charAt(end++);
            if (c == '"' && schema.charAt(end - 2) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}') {
                depth--;
            }
        } while (depth > 0);
        return schema.substring(0, start) + json.replace("\n", "\n    ") + schema.substring(end);
    }

    /**
     * The model, with what the chart writes itself (node, admin, cluster and smtp.listeners)
     * left open: the chart's templates refuse any value there, saying what to set instead.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> chartSettings() {
        var schema = new LinkedHashMap<>(SettingsSchema.serverSettings());
        var properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        var computed = Map.<String, Object>of("description", "written by the chart: a value here stops the render, "
                + "naming the values to use instead");
        for (var section : java.util.List.of("node", "admin", "cluster")) {
            properties.put(section, computed);
        }
        var smtp = new LinkedHashMap<>((Map<String, Object>) properties.get("smtp"));
        var smtpProperties = new LinkedHashMap<>((Map<String, Object>) smtp.get("properties"));
        smtpProperties.put("listeners", computed);
        smtp.put("properties", smtpProperties);
        properties.put("smtp", smtp);
        schema.put("properties", properties);
        var out = new LinkedHashMap<String, Object>();
        out.put("description", "The node's settings file, merged over the chart's defaults, described by the node's "
                + "settings model; the node checks again what a pattern cannot (ranges of durations, cross-checks, "
                + "Router records).");
        out.putAll(schema);
        return out;
    }
}
