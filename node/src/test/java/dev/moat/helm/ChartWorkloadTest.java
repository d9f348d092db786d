package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static dev.moat.helm.MoatChart.FULLNAME;
import static dev.moat.helm.MoatChart.container;
import static dev.moat.helm.MoatChart.networkPolicyRule;
import static dev.moat.helm.MoatChart.podAnnotations;
import static dev.moat.helm.MoatChart.podSpec;
import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static dev.moat.helm.MoatChart.settingsYaml;
import static dev.moat.helm.MoatChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the chart asks of Kubernetes for each node: the pod (command, heap, mounts, security,
 * probes, scrape annotations), the admin token's Secret, the data volume, the member list as
 * replicas change, and which values changes roll the pods.
 */
class ChartWorkloadTest {

    @BeforeAll
    static void loadHelm() {
        MoatChart.helm();
    }

    @Test
    void scalingRendersEveryMemberInTheList() {
        var settings = settings(render(c -> c.set("replicas", 5)));

        assertEquals(5, settings.cluster().members().size());
        assertEquals("mx-moat-4.mx-moat-cluster.mail.svc.cluster.local:5701", settings.cluster().members().get(4));
    }

    @Test
    void settingsTheChartComputesCannotBeSetInValues() {
        var cluster = assertThrows(IllegalStateException.class, () -> render(c -> c.set("settings.cluster.name", "x")));
        var listeners = assertThrows(IllegalStateException.class,
                () -> render(c -> c.set("settings.smtp.listeners[0].port", 25)));

        assertTrue(cluster.getMessage().contains("settings.cluster is computed by the chart"), cluster::getMessage);
        assertTrue(listeners.getMessage().contains("settings.smtp.listeners is computed by the chart"),
                listeners::getMessage);
    }

    @Test
    void generatedAdminTokenReachesTheNodeFromASecret() {
        var rendered = render();
        var token = new String(Base64.getDecoder().decode((String) at(rendered.get("Secret", "mx-moat-admin"),
                "data.token")), StandardCharsets.US_ASCII);
        var env = named(at(container(rendered), "env"), "name", "MOAT_ADMIN_TOKEN");

        assertTrue(token.matches("[A-Za-z0-9]{48}"), token);
        assertEquals(Map.of("name", "mx-moat-admin", "key", "token"), at(env, "valueFrom.secretKeyRef"));
    }

    @Test
    void existingAdminSecretIsUsedAndNoneIsGenerated() {
        var rendered = render(c -> c.set("admin.existingSecret", "moat-admin").set("admin.existingSecretKey", "api"));
        var env = named(at(container(rendered), "env"), "name", "MOAT_ADMIN_TOKEN");

        assertTrue(rendered.find("Secret", "mx-moat-admin").isEmpty(), rendered.names()::toString);
        assertEquals(Map.of("name", "moat-admin", "key", "api"), at(env, "valueFrom.secretKeyRef"));
    }

    @Test
    void theMemberBindsThePodAddressAndSignsWithAGeneratedClusterSecret() {
        var rendered = render();
        var secret = new String(Base64.getDecoder().decode((String) at(rendered.get("Secret", "mx-moat-cluster"),
                "data.secret")), StandardCharsets.US_ASCII);
        var env = at(container(rendered), "env");

        assertTrue(secret.matches("[A-Za-z0-9]{64}"), "long enough for the node's check of 32 characters");
        assertEquals(Map.of("name", "mx-moat-cluster", "key", "secret"),
                at(named(env, "name", "MOAT_CLUSTER_SECRET"), "valueFrom.secretKeyRef"));
        assertEquals(Map.of("fieldPath", "status.podIP"),
                at(named(env, "name", "MOAT_CLUSTER_BIND_ADDRESS"), "valueFrom.fieldRef"));
    }

    @Test
    void existingClusterSecretIsUsedAndNoneIsGenerated() {
        var rendered = render(c -> c.set("cluster.existingSecret", "moat-cluster").set("cluster.existingSecretKey", "s"));
        var env = named(at(container(rendered), "env"), "name", "MOAT_CLUSTER_SECRET");

        assertTrue(rendered.find("Secret", "mx-moat-cluster").isEmpty(), rendered.names()::toString);
        assertEquals(Map.of("name", "moat-cluster", "key", "s"), at(env, "valueFrom.secretKeyRef"));
    }

    @Test
    void podRunsTheImagesEntrypointWithAHeapShareOfItsMemoryLimitAndTheMountedSettings() {
        var rendered = render(c -> c.set("jvm.maxRAMPercentage", 70).set("image.tag", "0.2.0")
                .set("jvm.extraOptions[0]", "-Xss512k"));
        var container = container(rendered);
        var mount = named(at(container, "volumeMounts"), "name", "config");

        assertEquals("moat:0.2.0", container.get("image"));
        assertNull(container.get("command"), "the image's ENTRYPOINT runs the node");
        assertEquals(List.of("--config", "/etc/moat/moat.yaml"), container.get("args"));
        assertEquals("-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dhazelcast.graceful.shutdown.max.wait=15 "
                + "-Xss512k", named(at(container, "env"), "name", "MOAT_JAVA_OPTS").get("value"));
        assertEquals("1Gi", at(container, "resources.limits.memory"));
        assertEquals("/etc/moat", mount.get("mountPath"));
        assertNull(mount.get("subPath"), "a subPath mount would never see ConfigMap updates");
        assertEquals("mx-moat-settings", at(podSpec(rendered), "volumes.0.projected.sources.0.configMap.name"));
        assertEquals("moat:0.1.0", container(render()).get("image"), "the tag defaults to the chart's appVersion");
    }

    @Test
    void podIsLockedDownProbedOnTheAdminPortAndScraped() {
        var rendered = render();
        var pod = podSpec(rendered);
        var container = container(rendered);

        assertEquals(true, at(pod, "securityContext.runAsNonRoot"));
        assertEquals(true, at(container, "securityContext.readOnlyRootFilesystem"));
        assertEquals(false, at(container, "securityContext.allowPrivilegeEscalation"));
        assertEquals("/tmp", named(at(container, "volumeMounts"), "name", "tmp").get("mountPath"));
        assertEquals(List.of("/health/live", "admin"), List.of(at(container, "livenessProbe.httpGet.path"),
                at(container, "livenessProbe.httpGet.port")));
        assertEquals(List.of("/health/ready", "admin"), List.of(at(container, "readinessProbe.httpGet.path"),
                at(container, "readinessProbe.httpGet.port")));
        assertTrue((Integer) at(pod, "terminationGracePeriodSeconds") > 10, "above the node's 10 s drain");
        assertEquals("kubernetes.io/hostname", at(pod,
                "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.podAffinityTerm.topologyKey"));
        var annotations = podAnnotations(rendered);
        assertEquals(List.of("true", "8080", "/metrics"), List.of(annotations.get("prometheus.io/scrape"),
                annotations.get("prometheus.io/port"), annotations.get("prometheus.io/path")));
        assertEquals(1, at(rendered.get("PodDisruptionBudget", FULLNAME), "spec.maxUnavailable"));
        assertEquals("ClusterIP", at(rendered.get("Service", "mx-moat-admin"), "spec.type"));
    }

    @Test
    void dataDirectoryIsAClaimPerPodOrAnEmptyDirectory() {
        var persistent = render().get("StatefulSet", FULLNAME);
        var ephemeral = render(c -> c.set("persistence.enabled", false));

        assertEquals("data", at(persistent, "spec.volumeClaimTemplates.0.metadata.name"));
        assertNull(at(ephemeral.get("StatefulSet", FULLNAME), "spec.volumeClaimTemplates"));
        assertEquals(Map.of(), named(at(podSpec(ephemeral), "volumes"), "name", "data").get("emptyDir"));
    }

    @Test
    void onlySettingsThatNeedARestartRollThePods() {
        String restart = "checksum/restart-settings";
        var before = podAnnotations(render()).get(restart);

        assertEquals(before, podAnnotations(render(c -> c.set("replicas", 5))).get(restart));
        assertEquals(before, podAnnotations(render(c -> c.set("settings.client-addresses", "192.0.2.0/24"))).get(restart));
        assertNotEquals(before, podAnnotations(render(c -> c.withValuesFile(values("proxy-protocol.yaml")))).get(restart));
        assertNotEquals(before, podAnnotations(render(c -> c.set("admin.port", 9090))).get(restart));
        assertEquals(List.of(restart), podAnnotations(render()).keySet().stream().map(String::valueOf)
                .filter(k -> k.startsWith("checksum/")).toList(), "no checksum of the live-reloaded ConfigMap");
    }

    @Test
    void adminPortBindsThePodAddressFromTheDownwardApiAndNeverEveryInterface() {
        var rendered = render();
        var env = named(at(container(rendered), "env"), "name", "MOAT_ADMIN_ADDRESS");

        assertEquals(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")), env.get("valueFrom"));
        assertNull(at(settingsYaml(rendered), "admin.address"), "the file cannot name each pod's address");
        assertEquals("127.0.0.1", settings(rendered).admin().address().toString(),
                "without the variable the node would fall back to loopback, never 0.0.0.0");
        assertEquals("HTTP", at(container(rendered), "readinessProbe.httpGet.scheme"));
        assertEquals("http", podAnnotations(rendered).get("prometheus.io/scheme"));
    }

    @Test
    void adminPortAdmitsOnlyTheNamespacesGivenInValuesPrometheusFirst() {
        var byDefault = render();
        var more = render(c -> c.set("networkPolicy.adminNamespaces[0]", "monitoring")
                .set("networkPolicy.adminNamespaces[1]", "ops")
                .set("networkPolicy.adminFrom[0].ipBlock.cidr", "10.20.0.0/24"));
        var none = render(c -> c.withValuesFile(values("admin-closed.yaml")));

        var helmTest = Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/instance", "mx",
                "app.kubernetes.io/component", "helm-test")));
        assertEquals(List.of(namespace("monitoring"), helmTest), networkPolicyRule(byDefault, 8080).get("from"));
        assertEquals(List.of(namespace("monitoring"), namespace("ops"), Map.of("ipBlock", Map.of("cidr", "10.20.0.0/24")),
                helmTest), networkPolicyRule(more, 8080).get("from"));
        var ports = ((List<?>) at(none.get("NetworkPolicy", FULLNAME), "spec.ingress")).stream()
                .flatMap(rule -> ((List<?>) at(rule, "ports")).stream()).map(port -> at(port, "port")).toList();
        assertEquals(List.of(2525, 5701), ports, "with no namespace and no peer, no rule opens the admin port");
        var schema = assertThrows(IllegalStateException.class,
                () -> render(c -> c.set("networkPolicy.adminNamespaces[0]", "Not A Namespace")));
        assertTrue(schema.getMessage().contains("/networkPolicy/adminNamespaces/0"), schema::getMessage);
    }

    @Test
    void adminTlsMountsTheSecretNamesItInTheSettingsAndProbesSpeakHttps() {
        var rendered = render(c -> c.set("admin.tls.existingSecret", "moat-admin-tls"));
        var container = container(rendered);
        var admin = settings(rendered).admin();

        assertEquals(Path.of("/etc/moat/admin-tls/tls.crt"), admin.tls().orElseThrow().certificate());
        assertEquals(Path.of("/etc/moat/admin-tls/tls.key"), admin.tls().orElseThrow().privateKey());
        var source = named(at(podSpec(rendered), "volumes.0.projected.sources"), "secret",
                Map.of("name", "moat-admin-tls", "items", List.of(Map.of("key", "tls.crt", "path", "admin-tls/tls.crt"),
                        Map.of("key", "tls.key", "path", "admin-tls/tls.key"))));
        assertEquals("moat-admin-tls", at(source, "secret.name"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("HTTPS", at(container, probe + ".httpGet.scheme"), probe);
        }
        assertEquals("https", podAnnotations(rendered).get("prometheus.io/scheme"));
        assertNotEquals(podAnnotations(render()).get("checksum/restart-settings"),
                podAnnotations(rendered).get("checksum/restart-settings"), "the node reads the files at start");
    }

    private static Map<String, Object> namespace(String name) {
        return Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", name)));
    }

    @Test
    void hazelcastPortAdmitsOnlyMoatPodsAndSmtpAdmitsEveryone() {
        var rendered = render();
        var selector = Map.of("app.kubernetes.io/name", "moat", "app.kubernetes.io/instance", "mx");

        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", selector))),
                networkPolicyRule(rendered, 5701).get("from"));
        assertNull(networkPolicyRule(rendered, 2525).get("from"));
        assertTrue(render(c -> c.set("networkPolicy.enabled", false)).find("NetworkPolicy", FULLNAME).isEmpty());
    }
}
