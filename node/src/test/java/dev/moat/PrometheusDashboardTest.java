package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moat.testing.Eventually;
import dev.moat.testing.ProgramPorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Prometheus scrapes the two real nodes of a {@link MonitoredCluster} with the
 * alert rules of {@code deploy/prometheus/rules.yml}, after traffic that touches every panel of
 * the Grafana dashboard (DNS, an RBL zone, SPF, Reverse Connect, a banned line, refusals, a
 * protocol error, TLS, both hand-off modes). Every query of
 * {@code deploy/grafana/moat-dashboard.json}, with Grafana's {@code $__rate_interval} filled in
 * as Grafana would, is valid PromQL and returns series; every alert rule loads and evaluates
 * without error; and a settings file refused on one node raises {@code MoatSettingsRefused} for
 * that node alone, beside {@code MoatMembersBelowReplicas} for a cluster of two. Each legend
 * names only labels its query keeps, and no two panels share an id or a place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusDashboardTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    /** Grafana's $__rate_interval: four scrape intervals at least (the scrapes are 1 s apart here). */
    private static final String RATE_INTERVAL = "10s";
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MonitoredCluster cluster;
    private Process prometheus;
    private String api;

    @BeforeAll
    void startNodesSendTrafficAndScrape(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "Prometheus is not installed (apt-get install prometheus; .ci/run installs it): skipping the dashboard check");
        cluster = new MonitoredCluster(dir);
        startPrometheus(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    @Order(1)
    void everyDashboardQueryIsValidAndReturnsSeries() throws Exception {
        var dashboard = json.readTree(DEPLOY.resolve("grafana/moat-dashboard.json").toFile());
        var failures = new ArrayList<String>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText().replace("$__rate_interval", RATE_INTERVAL);
                queries++;
                JsonNode answer = query(expr);
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(panel.get("title").asText() + ": " + expr + " -> " + answer);
                } else if (answer.path("data").path("result").isEmpty()) {
                    failures.add(panel.get("title").asText() + ": " + expr + " -> no series");
                } else {
                    var legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
                    while (legend.find()) {
                        for (JsonNode series : answer.path("data").path("result")) {
                            if (!series.path("metric").has(legend.group(1))) {
                                failures.add(panel.get("title").asText() + ": the legend names " + legend.group(1)
                                        + ", which " + expr + " does not keep: " + series.path("metric"));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(queries >= 40, "too few dashboard queries found: " + queries);
        assertEquals(List.of(), failures, "dashboard queries Prometheus refused, found nothing for, or a legend cannot name");
    }

    @Test
    @Order(1)
    void everyPanelHasItsOwnIdAndPlaceAndEveryTargetItsOwnRefId() throws Exception {
        var dashboard = json.readTree(DEPLOY.resolve("grafana/moat-dashboard.json").toFile());
        var ids = new TreeSet<Integer>();
        var cells = new TreeSet<String>();
        var problems = new ArrayList<String>();
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asText();
            if (!ids.add(panel.get("id").asInt())) {
                problems.add(title + ": id " + panel.get("id") + " used twice");
            }
            var grid = panel.get("gridPos");
            var overlaps = new TreeSet<String>();
            for (int x = grid.get("x").asInt(); x < grid.get("x").asInt() + grid.get("w").asInt(); x++) {
                for (int y = grid.get("y").asInt(); y < grid.get("y").asInt() + grid.get("h").asInt(); y++) {
                    if (x >= 24 || !cells.add(x + "," + y)) {
                        overlaps.add(x + "," + y);
                    }
                }
            }
            if (!overlaps.isEmpty()) {
                problems.add(title + ": overlaps another panel or the 24 columns at " + overlaps.first());
            }
            var refIds = new TreeSet<String>();
            for (JsonNode target : panel.get("targets")) {
                if (!refIds.add(target.get("refId").asText())) {
                    problems.add(title + ": refId " + target.get("refId") + " used twice");
                }
            }
            if (!"${datasource}".equals(panel.path("datasource").path("uid").asText())) {
                problems.add(title + ": not on the dashboard's datasource variable");
            }
        }
        assertEquals(List.of(), problems, "the dashboard's layout");
    }

    @Test
    @Order(2)
    void everyAlertRuleLoadsAndEvaluatesWithoutError() throws Exception {
        var expected = new TreeSet<String>();
        var alert = Pattern.compile("(?m)^\\s+- alert: (\\w+)$").matcher(Files.readString(DEPLOY.resolve("prometheus/rules.yml")));
        while (alert.find()) {
            expected.add(alert.group(1));
        }
        assertTrue(expected.size() >= 8, expected::toString);
        Eventually.within(Duration.ofSeconds(30), () -> {
            var loaded = new TreeSet<String>();
            var unhealthy = new ArrayList<String>();
            for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    loaded.add(rule.path("name").asText());
                    if (!"ok".equals(rule.path("health").asText())) {
                        unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            assertEquals(expected, loaded, "the alert rules Prometheus loaded");
            assertEquals(List.of(), unhealthy, "alert rules that did not evaluate");
        });
    }

    @Test
    @Order(3)
    void aSettingsFileRefusedOnOneNodeRaisesItsAlertForThatNodeAlone() throws Exception {
        String refusing = "127.0.0.1:" + cluster.spool().adminPort();
        cluster.nodes().writeSettings(2, "  max-recipientz: 5\n", "local-domains: [moat.test]\n");
        Eventually.until("node 2 refused its new settings file",
                () -> NodeEndToEndTest.scrape(cluster.spool()).contains("moat_settings_last_reload_successful{layer=\"server\"} 0.0"));
        Eventually.within(Duration.ofSeconds(30), () -> {
            var active = new TreeSet<String>();
            for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
                var labels = alert.path("labels");
                active.add(labels.path("alertname").asText() + (labels.has("instance") ? " " + labels.path("instance").asText() : ""));
            }
            assertTrue(active.contains("MoatSettingsRefused " + refusing), active::toString);
            assertTrue(active.contains("MoatMembersBelowReplicas"), active::toString);
            assertEquals(Set.of("MoatSettingsRefused " + refusing),
                    new TreeSet<>(active.stream().filter(a -> a.startsWith("MoatSettingsRefused")).toList()),
                    "only the node that refused its file");
        });
    }

    /** Prometheus on a port below the ephemeral range, tried again on another if it could not take it. */
    private void startPrometheus(Path dir) throws Exception {
        ProgramPorts.start(1, ports -> startPrometheusOn(dir, ports[0]));
    }

    private Process startPrometheusOn(Path dir, int port) throws IOException {
        var config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: moat
                    static_configs:
                      - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                """.formatted(DEPLOY.resolve("prometheus/rules.yml"), cluster.relay().adminPort(),
                cluster.spool().adminPort()));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb-" + port), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        api = "http://127.0.0.1:" + port;
        try {
            Eventually.within(Duration.ofSeconds(60), () -> {
                if (!prometheus.isAlive()) {
                    throw new IllegalStateException("Prometheus ended: " + log(dir));
                }
                // Five scrapes of each node, so that every rate over RATE_INTERVAL has samples.
                var scrapes = query("min(count_over_time(moat_build_info[" + RATE_INTERVAL + "])) >= 5 and count(up == 1) == 2");
                assertEquals(1, scrapes.path("data").path("result").size(), scrapes::toString);
            });
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return prometheus;
    }

    private JsonNode query(String expr) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /** Prometheus's answer to a GET of its HTTP API; a call it does not answer fails as an assertion, to be retried. */
    private JsonNode get(String path) {
        var request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError("Prometheus did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
