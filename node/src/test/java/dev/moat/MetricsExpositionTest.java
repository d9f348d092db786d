package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /metrics} exposition of the two real nodes of a {@link MonitoredCluster}, one in
 * relay mode with the DNS-based checks and one in spool mode, after real SMTP traffic:
 * Prometheus's own {@code promtool check metrics} finds nothing to say about it, every
 * {@code moat_*} family has HELP text and exactly one row in the README's Metrics table.
 */
class MetricsExpositionTest {
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (moat_\\w+) (\\w+)$");

    private static MonitoredCluster cluster;
    private static String relayNode;
    private static String spoolNode;

    @BeforeAll
    static void startAndSendMail(@TempDir Path dir) throws Exception {
        cluster = new MonitoredCluster(dir);
        relayNode = NodeEndToEndTest.scrape(cluster.relay());
        spoolNode = NodeEndToEndTest.scrape(cluster.spool());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null; // the test class stays loaded to the suite's end, and must not keep the nodes
        }
    }

    @Test
    void promtoolFindsNothingWrongInEitherExposition() throws Exception {
        var promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool),
                "promtool is not installed (apt-get install prometheus; .ci/run installs it): skipping the check");
        for (var exposition : List.of(relayNode, spoolNode)) {
            var process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            var said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, process.exitValue(), "promtool check metrics:\n" + said);
            assertEquals("", said.strip(), "promtool check metrics");
        }
    }

    @Test
    void everyMoatFamilyHasHelpTextAndARowInTheReadme() throws IOException {
        var readme = Files.readString(Path.of("..", "README.md"));
        var section = readme.substring(readme.indexOf("\n## Metrics"), readme.indexOf("\n## ", readme.indexOf("\n## Metrics") + 5));
        var families = families(relayNode);
        families.addAll(families(spoolNode));
        var missing = new TreeSet<String>();
        for (var family : families) {
            var help = Pattern.compile("(?m)^# HELP " + family + " \\S");
            assertTrue(help.matcher(relayNode).find() || help.matcher(spoolNode).find(), "no HELP for " + family);
            // Micrometer puts a _max gauge beside each timer's histogram; the README row of the timer covers it.
            var listed = family.endsWith("_max") ? family.substring(0, family.length() - 4) : family;
            if (!section.contains("`" + listed + "`")) {
                missing.add(family);
            }
        }
        assertEquals(Set.of(), missing, "moat_* families missing from the README's Metrics section");

        var rows = new TreeSet<String>();
        var twice = new TreeSet<String>();
        var row = Pattern.compile("(?m)^\\| `(moat_\\w+)` \\|").matcher(section);
        while (row.find()) {
            if (!rows.add(row.group(1))) {
                twice.add(row.group(1));
            }
        }
        assertEquals(Set.of(), twice,
                "meters with more than one row in the README's Metrics table (one row each, every label value in it)");
    }

    @Test
    void theOperatorMetersAreThereAfterTraffic() {
        assertTrue(relayNode.contains("moat_build_info{version=\""), relayNode);
        assertTrue(relayNode.contains("moat_smtp_refusals_total{kind=\"permanent\"} 3.0"), relayNode);
        assertTrue(relayNode.contains("moat_smtp_refusals_total{kind=\"temporary\"} 0.0"), relayNode);
        assertTrue(relayNode.contains("moat_smtp_tls_handshakes_total{outcome=\"succeeded\",version=\"TLSv1.3\"} 1.0"),
                relayNode);
        assertTrue(relayNode.contains("moat_smtp_session_duration_seconds_bucket{le=\"300.0\"} 5"), relayNode);
        assertTrue(relayNode.contains("moat_cluster_members 2.0"), relayNode);
        assertTrue(relayNode.contains("moat_cluster_local_member_safe "), relayNode);
        assertTrue(relayNode.contains("moat_cluster_map_entries{map=\"moat-member-status\"} 2.0"), relayNode);
        assertTrue(relayNode.contains("moat_settings_last_reload_successful{layer=\"server\"} 1.0"), relayNode);
        assertTrue(relayNode.contains("moat_delivery_pool_connections{state=\"idle\"} 1.0"), relayNode);
        assertTrue(relayNode.contains("moat_smtp_protocol_errors_total{kind=\"unknown-command\"} 1.0"), relayNode);
        assertTrue(relayNode.contains("moat_banned_lines_matched_total{list=\"body\"} 1.0"), relayNode);
        assertTrue(relayNode.contains("moat_spf_results_total{result=\"pass\"} 3.0"), relayNode);
        assertTrue(relayNode.contains("moat_callout_results_total{result=\"cached-accepted\"} 2.0"), relayNode);
        assertTrue(relayNode.contains("moat_dns_rbl_healthy{zone=\"rbl.test\"} 1.0"), relayNode);
        assertTrue(relayNode.contains("moat_dns_queries_seconds_count{outcome=\"records\",type=\"TXT\"} "), relayNode);
        assertTrue(spoolNode.contains("moat_delivery_spool_files 1.0"), spoolNode);
        assertTrue(spoolNode.contains("moat_delivery_spool_oldest_age_seconds "), spoolNode);
        assertTrue(relayNode.contains("moat_delivery_latency_seconds_bucket{mode=\"relay\",result=\"accepted\",le=\"60.0\"} 2"),
                relayNode);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsInTheExposition() throws IOException {
        var samples = new TreeSet<String>();
        for (var line : (relayNode + spoolNode).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                samples.add(line.split("[{ ]", 2)[0]);
            }
        }
        var dashboard = Files.readString(Path.of("..", "deploy", "grafana", "moat-dashboard.json"));
        var rules = Files.readString(Path.of("..", "deploy", "prometheus", "rules.yml"));
        var queried = new TreeSet<String>();
        var expressions = Pattern.compile("\"expr\": \"([^\"]*)\"|(?m)^\\s+expr: \\|?(.*(?:\\n {12}.*)*)");
        var names = Pattern.compile("\\bmoat_\\w+");
        for (var text : List.of(dashboard, rules)) {
            var expression = expressions.matcher(text);
            while (expression.find()) {
                var expr = expression.group(1) != null ? expression.group(1) : expression.group(2);
                var name = names.matcher(expr);
                while (name.find()) {
                    queried.add(name.group());
                }
            }
        }
        assertTrue(queried.size() >= 15, "the dashboard and alerts read too few metrics: " + queried);
        var absent = new TreeSet<>(queried);
        absent.removeAll(samples);
        assertEquals(Set.of(), absent, "metrics the dashboard or the alerts read that no node exposes");
    }

    @Test
    void promtoolAcceptsTheAlertRulesAndTheScrapeConfiguration() throws Exception {
        var promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool),
                "promtool is not installed (apt-get install prometheus; .ci/run installs it): skipping the check");
        for (var check : List.of(List.of("rules", "../deploy/prometheus/rules.yml"),
                List.of("config", "../deploy/prometheus/prometheus.yml"))) {
            var process = new ProcessBuilder(promtool.toString(), "check", check.get(0), check.get(1))
                    .redirectErrorStream(true).start();
            var said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, process.exitValue(), "promtool check " + check + ":\n" + said);
        }
    }

    private static Set<String> families(String exposition) {
        var out = new TreeSet<String>();
        var m = TYPE.matcher(exposition);
        while (m.find()) {
            out.add(m.group(1));
        }
        assertTrue(out.size() > 10, "too few moat_* families: " + out);
        return out;
    }
}
