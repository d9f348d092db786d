package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ListenerKind;
import dev.moat.settings.ListenerSettings;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart {@code helm/moat}, linted and rendered by a real Helm (helm-java's bundled
 * library, offline) as release {@code mx} in namespace {@code mail}. The settings file and
 * cluster document it renders are read back with the node's own parsers, so a chart that
 * would hand the node a file it refuses fails here, not in a pod.
 */
class ChartTest {
    private static final String RELEASE = "mx";
    private static final String NAMESPACE = "mail";
    private static final String FULLNAME = "mx-moat";
    private static final HostFacts POD = new HostFacts("moat-0");

    private static Helm chart;

    @BeforeAll
    static void loadHelm() {
        try {
            Helm.version().call();
        } catch (LinkageError | RuntimeException e) {
            Assumptions.abort("helm-java cannot load its native Helm library on this machine ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + e
                    + "); the chart tests are skipped");
        }
        chart = new Helm(chartDirectory());
    }

    @Test
    void chartPassesStrictLint() {
        var result = chart.lint().strict().call();

        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void defaultsRunThreeMembersStartedTogetherThatListEachOther() {
        var rendered = render();
        var statefulSet = rendered.get("StatefulSet", FULLNAME);
        var members = IntStream.range(0, 3)
                .mapToObj(i -> FULLNAME + "-" + i + ".mx-moat-cluster.mail.svc.cluster.local:5701").toList();

        assertEquals(3, at(statefulSet, "spec.replicas"));
        assertEquals("Parallel", at(statefulSet, "spec.podManagementPolicy"));
        assertEquals("mx-moat-cluster", at(statefulSet, "spec.serviceName"));
        var headless = rendered.get("Service", "mx-moat-cluster");
        assertEquals("None", at(headless, "spec.clusterIP"));
        assertEquals(true, at(headless, "spec.publishNotReadyAddresses"));
        assertEquals(members, at(settingsYaml(rendered), "cluster.members"));
        var settings = parse(rendered);
        assertEquals(members, settings.cluster().members());
        assertEquals(FULLNAME, settings.cluster().name());
        assertEquals(5701, settings.cluster().port());
    }

    @Test
    void scalingRendersEveryMemberInTheList() {
        var settings = parse(render(c -> c.set("replicas", 5)));

        assertEquals(5, settings.cluster().members().size());
        assertEquals("mx-moat-4.mx-moat-cluster.mail.svc.cluster.local:5701", settings.cluster().members().get(4));
    }

    @Test
    void smtpServiceIsALoadBalancerThatKeepsTheSendersAddress() {
        var rendered = render();
        var service = rendered.get("Service", FULLNAME);

        assertEquals("LoadBalancer", at(service, "spec.type"));
        assertEquals("Local", at(service, "spec.externalTrafficPolicy"));
        assertEquals(List.of(Map.of("name", "smtp", "port", 25, "targetPort", "smtp", "protocol", "TCP")),
                at(service, "spec.ports"));
        assertEquals(2525, named(at(container(rendered), "ports"), "name", "smtp").get("containerPort"));
    }

    @Test
    void defaultSettingsTrustNoClientAddressAndHaveNoProxyListener() {
        var rendered = render();
        var settings = parse(rendered);

        assertEquals("", at(settingsYaml(rendered), "client-addresses"));
        assertEquals(0, settings.clientAddresses().entryCount());
        assertFalse(settings.clientAddresses().addresses().contains(IpAddress.parse("10.1.2.3")));
        assertEquals(List.of("smtp"), settings.smtp().listeners().stream().map(ListenerSettings::name).toList());
        assertFalse(settings.smtp().listeners().get(0).proxyProtocol());
        assertEquals(0, parseClusterDocument(rendered).clientAddresses().entryCount());
    }

    @Test
    void defaultSettingsFileParsesWithTheNodesParserAndMatchesThePod() {
        var settings = parse(render());

        assertEquals(Path.of("/var/lib/moat"), settings.node().dataDir());
        assertEquals("moat-0", settings.node().name());
        assertEquals(8080, settings.admin().port());
        assertEquals(2525, settings.smtp().listeners().get(0).port());
        assertEquals(Path.of("/etc/moat/cluster-settings.yaml"), settings.cluster().initialDocument().orElseThrow());
    }

    @Test
    void everySettingInValuesReachesTheNodeIntact() {
        var rendered = render(c -> c.withValuesFile(values("every-setting.yaml")));
        var settings = parse(rendered);

        assertEquals("mx.example.com", settings.smtp().hostName());
        assertEquals(50L << 20, settings.smtp().maxMessageSize());
        assertEquals(100_000, settings.smtp().maxRecipients());
        assertEquals("alice", settings.smtp().auth().users().get(0).name());
        assertEquals(List.of("example.com", "example.org"), settings.localDomains());
        assertTrue(settings.clientAddresses().addresses().contains(IpAddress.parse("2001:db8:1::7")));
        assertEquals("[2001:db8::25]:25", settings.delivery().nextHop().orElseThrow().toString());
        assertEquals(Path.of("/etc/moat/tls/tls.crt"), settings.smtp().tls().certificate().orElseThrow());
        assertEquals(Path.of("/etc/moat/tls/tls.key"), settings.smtp().tls().privateKey().orElseThrow());
        var submission = settings.smtp().listeners().get(1);
        assertEquals(List.of("submission", ListenerKind.SUBMISSION, 2587),
                List.of(submission.name(), submission.kind(), submission.port()));
        assertEquals(587, named(at(rendered.get("Service", FULLNAME), "spec.ports"), "name", "submission").get("port"));
        assertTrue(parseClusterDocument(rendered).clientAddresses().addresses().contains(IpAddress.parse("198.51.100.9")));
        var sources = at(podSpec(rendered), "volumes.0.projected.sources");
        assertEquals("mx-example-com-tls", at(sources, "1.secret.name"));
    }

    @Test
    void proxyProtocolAddsAListenerThatTrustsOnlyTheGivenNetworks() {
        var rendered = render(c -> c.withValuesFile(values("proxy-protocol.yaml")));
        var written = named(at(settingsYaml(rendered), "smtp.listeners"), "name", "smtp-proxy");
        var listener = parse(rendered).smtp().listeners().get(1);

        assertEquals(true, written.get("proxy-protocol"));
        assertEquals(List.of("192.0.2.0/28", "2001:db8::25"), written.get("trusted-proxies"));
        assertEquals(List.of("smtp-proxy", 2526, true), List.of(listener.name(), listener.port(), listener.proxyProtocol()));
        assertTrue(listener.trustedProxies().addresses().contains(IpAddress.parse("192.0.2.15")));
        assertFalse(listener.trustedProxies().addresses().contains(IpAddress.parse("192.0.2.16")));
        assertTrue(listener.trustedProxies().addresses().contains(IpAddress.parse("2001:db8::25")));
        var port = named(at(rendered.get("Service", FULLNAME), "spec.ports"), "name", "smtp-proxy");
        assertEquals(List.of(2526, "smtp-proxy"), List.of(port.get("port"), port.get("targetPort")));
        assertEquals(2526, named(at(container(rendered), "ports"), "name", "smtp-proxy").get("containerPort"));
        assertEquals("", at(settingsYaml(rendered), "client-addresses"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy-without-networks.yaml", "proxy-networks-left-out.yaml"})
    void proxyProtocolWithoutTrustedNetworksIsRefusedByTheSchema(String file) {
        var error = assertThrows(IllegalStateException.class, () -> render(c -> c.withValuesFile(values(file))));

        assertTrue(error.getMessage().contains("schema"), error::getMessage);
        assertTrue(error.getMessage().contains("/proxyProtocol/trustedNetworks"), error::getMessage);
    }

    @Test
    void schemaRefusesWrongTypesAndUnknownKeys() {
        var wrongType = assertThrows(IllegalStateException.class, () -> render(c -> c.set("replicas", "three")));
        var typo = assertThrows(IllegalStateException.class, () -> render(c -> c.set("replica", 3)));
        var badNetwork = assertThrows(IllegalStateException.class, () -> render(c -> c
                .set("proxyProtocol.enabled", true).set("proxyProtocol.trustedNetworks[0]", "the balancer")));

        assertTrue(wrongType.getMessage().contains("/replicas"), wrongType::getMessage);
        assertTrue(typo.getMessage().contains("replica"), typo::getMessage);
        assertTrue(badNetwork.getMessage().contains("/proxyProtocol/trustedNetworks/0"), badNetwork::getMessage);
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
    void ingressNginxExampleRendersTheServicePortItsTcpServicesEntryNames() throws IOException {
        var example = chartDirectory().resolve("examples/ingress-nginx.yaml");
        var entry = Pattern.compile("\"25\": \"([^/]+)/([^:]+):(\\d+)::PROXY\"").matcher(Files.readString(example));
        assertTrue(entry.find(), "the example shows its tcp-services entry");
        var rendered = render(c -> c.withValuesFile(example));
        var service = rendered.get("Service", entry.group(2));

        assertEquals(NAMESPACE, entry.group(1));
        assertEquals("ClusterIP", at(service, "spec.type"));
        assertNull(at(service, "spec.externalTrafficPolicy"));
        assertEquals("smtp-proxy",
                named(at(service, "spec.ports"), "port", Integer.parseInt(entry.group(3))).get("targetPort"));
        assertTrue(parse(rendered).smtp().listeners().get(1).proxyProtocol());
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

    // ---- rendering and reading back ----------------------------------------------------------

    private static Manifests render() {
        return render(c -> c);
    }

    private static Manifests render(UnaryOperator<TemplateCommand> values) {
        return Manifests.parse(values.apply(chart.template().withName(RELEASE).withNamespace(NAMESPACE)).call());
    }

    private static Path values(String file) {
        try {
            return Path.of(ChartTest.class.getResource("/helm/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String configFile(Manifests rendered, String key) {
        var data = (Map<?, ?>) at(rendered.get("ConfigMap", "mx-moat-settings"), "data");
        return (String) data.get(key);
    }

    private static Object settingsYaml(Manifests rendered) {
        return Manifests.yaml(configFile(rendered, "moat.yaml"));
    }

    /** The rendered settings file as the node reads it, with no error. */
    private static ServerSettings parse(Manifests rendered) {
        return valid(ServerSettings.parse(configFile(rendered, "moat.yaml"), POD));
    }

    private static ClusterSettings parseClusterDocument(Manifests rendered) {
        return valid(ClusterSettings.parse(configFile(rendered, "cluster-settings.yaml")));
    }

    private static <T> T valid(SettingsResult<T> result) {
        assertEquals(List.of(), result.errors(), "the node refuses the rendered file");
        return result.value();
    }

    private static Object podSpec(Manifests rendered) {
        return at(rendered.get("StatefulSet", FULLNAME), "spec.template.spec");
    }

    private static Map<?, ?> container(Manifests rendered) {
        return named(at(podSpec(rendered), "containers"), "name", "moat");
    }

    private static Map<?, ?> podAnnotations(Manifests rendered) {
        return (Map<?, ?>) at(rendered.get("StatefulSet", FULLNAME), "spec.template.metadata.annotations");
    }

    /** helm/moat of this checkout, found from the working directory (the module or the root). */
    private static Path chartDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("helm/moat/Chart.yaml"))) {
                return dir.resolve("helm/moat");
            }
        }
        throw new IllegalStateException("helm/moat/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
