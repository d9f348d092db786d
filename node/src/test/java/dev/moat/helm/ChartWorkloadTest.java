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
import static dev.moat.helm.MoatChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
    void podRunsTheJarWithAHeapShareOfItsMemoryLimitAndTheMountedSettings() {
        var rendered = render(c -> c.set("jvm.maxRAMPercentage", 70).set("image.tag", "0.2.0"));
        var container = container(rendered);
        var mount = named(at(container, "volumeMounts"), "name", "config");

        assertEquals("moat:0.2.0", container.get("image"));
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=70", "-jar", "/opt/moat/moat-node.jar", "--config",
                "/etc/moat/moat.yaml"), container.get("command"));
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
    void hazelcastPortAdmitsOnlyMoatPodsAndSmtpAdmitsEveryone() {
        var rendered = render();
        var selector = Map.of("app.kubernetes.io/name", "moat", "app.kubernetes.io/instance", "mx");

        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", selector))),
                networkPolicyRule(rendered, 5701).get("from"));
        assertNull(networkPolicyRule(rendered, 2525).get("from"));
        assertTrue(render(c -> c.set("networkPolicy.enabled", false)).find("NetworkPolicy", FULLNAME).isEmpty());
    }
}
