package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.MoatChart.FULLNAME;
import static dev.moat.helm.MoatChart.container;
import static dev.moat.helm.MoatChart.podSpec;
import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the chart offers an operator beyond the pods: a ServiceMonitor, a PrometheusRule and the
 * Grafana dashboard, each only when asked for, and each the same as deploy/'s; one SMTP host
 * name for every pod; settings from a ConfigMap of the user's own.
 */
class ChartMonitoringTest {

    @Test
    void monitoringObjectsAreRenderedOnlyWhenAskedFor() {
        var names = render().names();

        assertTrue(names.stream().noneMatch(n -> n.startsWith("ServiceMonitor") || n.startsWith("PrometheusRule")
                || n.equals("ConfigMap/" + FULLNAME + "-dashboard")), names::toString);
    }

    @Test
    void serviceMonitorScrapesTheAdminPortOfTheAdminServiceAlone() {
        var rendered = render(c -> c.set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.labels.release", "prometheus"));
        var monitor = rendered.get("ServiceMonitor", FULLNAME);
        var admin = rendered.get("Service", FULLNAME + "-admin");

        assertEquals("prometheus", at(monitor, "metadata.labels.release"));
        var selector = (Map<?, ?>) at(monitor, "spec.selector.matchLabels");
        var labels = (Map<?, ?>) at(admin, "metadata.labels");
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), "it selects the admin Service");
        for (var other : List.of(FULLNAME, FULLNAME + "-cluster")) {
            var otherLabels = (Map<?, ?>) at(rendered.get("Service", other), "metadata.labels");
            assertTrue(!otherLabels.entrySet().containsAll(selector.entrySet()), other + " is not selected");
        }
        assertEquals(Map.of("port", "admin", "path", "/metrics", "interval", "30s", "scheme", "http"),
                at(monitor, "spec.endpoints.0"));
        assertEquals("admin", at(admin, "spec.ports.0.name"));
        assertEquals("https", at(render(c -> c.set("metrics.serviceMonitor.enabled", true)
                .set("admin.tls.existingSecret", "admin-tls")).get("ServiceMonitor", FULLNAME), "spec.endpoints.0.scheme"));
    }

    @Test
    void prometheusRuleHoldsDeploysAlertsWithThisReleasesReplicas() throws IOException {
        var deploy = MoatChart.directory().resolve("../../deploy/prometheus/rules.yml");
        var copy = MoatChart.directory().resolve("files/prometheus-rules.yml");
        assertEquals(Files.readString(deploy), Files.readString(copy), "helm/moat/files/prometheus-rules.yml is a copy");

        var three = render(c -> c.set("metrics.prometheusRule.enabled", true)).get("PrometheusRule", FULLNAME);
        var five = render(c -> c.set("metrics.prometheusRule.enabled", true).set("replicas", 5))
                .get("PrometheusRule", FULLNAME);

        assertEquals(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(deploy)),
                at(three, "spec"));
        assertEquals("min(moat_cluster_members) < 5", at(five, "spec.groups.0.rules.0.expr"));
        var alerts = ((List<?>) at(five, "spec.groups.0.rules")).stream().map(r -> ((Map<?, ?>) r).get("alert")).toList();
        assertEquals(List.of("MoatMembersBelowReplicas", "MoatClusterNotSafe", "MoatHandOffFailures", "MoatRefusalSpike",
                "MoatSettingsRefused", "MoatSpoolBackingUp", "MoatHandOffPoolExhausted", "MoatTemporaryListFull",
                "MoatRblZoneUnhealthy", "MoatDnsFailing", "MoatClusterValueRefused", "MoatRulesProgramFailing"), alerts);
    }

    @Test
    void dashboardConfigMapCarriesDeploysDashboardForGrafanasSidecar() throws IOException {
        var deploy = Files.readString(MoatChart.directory().resolve("../../deploy/grafana/moat-dashboard.json"));
        var copy = Files.readString(MoatChart.directory().resolve("files/moat-dashboard.json"));
        assertEquals(deploy, copy, "helm/moat/files/moat-dashboard.json is a copy");

        var map = render(c -> c.set("metrics.grafanaDashboard.enabled", true)).get("ConfigMap", FULLNAME + "-dashboard");

        assertEquals("1", at(map, "metadata.labels.grafana_dashboard"));
        assertEquals(deploy.strip(), ((String) ((Map<?, ?>) at(map, "data")).get("moat-dashboard.json")).strip());
    }

    @Test
    void everyPodGreetsWithOneNameTheServicesUnlessOneIsGiven() {
        assertEquals("mx-moat.mail.svc.cluster.local", settings(render()).smtp().hostName());
        assertEquals("mx.example.com", settings(render(c -> c.set("smtp.hostName", "mx.example.com"))).smtp().hostName());
        assertEquals("mx2.example.com", settings(render(c -> c.set("smtp.hostName", "mx.example.com")
                .set("settings.smtp.host-name", "mx2.example.com"))).smtp().hostName());
    }

    @Test
    void anExistingConfigMapReplacesTheChartsOwn() {
        var rendered = render(c -> c.set("existingConfigMap", "moat-settings-from-git"));

        assertTrue(rendered.find("ConfigMap", FULLNAME + "-settings").isEmpty(), rendered.names()::toString);
        assertEquals("moat-settings-from-git", at(podSpec(rendered), "volumes.0.projected.sources.0.configMap.name"));
        assertEquals(List.of("--config", "/etc/moat/moat.yaml"), container(rendered).get("args"));
    }
}
