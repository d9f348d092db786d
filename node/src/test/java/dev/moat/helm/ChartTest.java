package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static dev.moat.helm.MoatChart.FULLNAME;
import static dev.moat.helm.MoatChart.NAMESPACE;
import static dev.moat.helm.MoatChart.clusterDocument;
import static dev.moat.helm.MoatChart.container;
import static dev.moat.helm.MoatChart.networkPolicyRule;
import static dev.moat.helm.MoatChart.podSpec;
import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static dev.moat.helm.MoatChart.settingsYaml;
import static dev.moat.helm.MoatChart.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.settings.ListenerKind;
import dev.moat.settings.ListenerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart {@code helm/moat} as a user meets it: it lints, its defaults run three members
 * that list each other behind a LoadBalancer that keeps senders' addresses and trust no
 * Client address, the PROXY protocol listener and its schema rule, the ingress-nginx example.
 * Every settings file and cluster document it renders is read back with the node's own
 * parsers, so a chart that would hand the node a file it refuses fails here, not in a pod.
 */
class ChartTest {

    @BeforeAll
    static void loadHelm() {
        MoatChart.helm();
    }

    @Test
    void chartPassesStrictLint() {
        var result = MoatChart.helm().lint().strict().call();

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
        var settings = settings(rendered);
        assertEquals(members, settings.cluster().members());
        assertEquals(FULLNAME, settings.cluster().name());
        assertEquals(5701, settings.cluster().port());
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
        var settings = settings(rendered);

        assertEquals("", at(settingsYaml(rendered), "client-addresses"));
        assertEquals(0, settings.lists().client().entryCount());
        assertFalse(settings.lists().client().addresses().contains(IpAddress.parse("10.1.2.3")));
        assertEquals(List.of("smtp"), settings.smtp().listeners().stream().map(ListenerSettings::name).toList());
        assertFalse(settings.smtp().listeners().get(0).proxyProtocol());
        assertEquals(0, clusterDocument(rendered).lists().client().entryCount());
    }

    @Test
    void defaultSettingsFileParsesWithTheNodesParserAndMatchesThePod() {
        var settings = settings(render());

        assertEquals(Path.of("/var/lib/moat"), settings.node().dataDir());
        assertEquals("mx-moat-0", settings.node().name(), "the pod name, unset in the file");
        assertEquals(8080, settings.admin().port());
        assertEquals(2525, settings.smtp().listeners().get(0).port());
        assertEquals(Path.of("/etc/moat/cluster-settings.yaml"), settings.cluster().initialDocument().orElseThrow());
    }

    @Test
    void everySettingInValuesReachesTheNodeIntact() {
        var rendered = render(c -> c.withValuesFile(values("every-setting.yaml")));
        var settings = settings(rendered);

        assertEquals("mx.example.com", settings.smtp().hostName());
        assertEquals(50L << 20, settings.smtp().maxMessageSize());
        assertEquals(100_000, settings.smtp().maxRecipients());
        assertEquals("alice", settings.smtp().auth().users().get(0).name());
        assertEquals(List.of("example.com", "example.org"), settings.localDomains());
        assertTrue(settings.lists().client().addresses().contains(IpAddress.parse("2001:db8:1::7")));
        assertEquals("[2001:db8::25]:25", settings.delivery().nextHop().orElseThrow().toString());
        assertEquals(Path.of("/etc/moat/tls/tls.crt"), settings.smtp().tls().certificate().orElseThrow());
        assertEquals(Path.of("/etc/moat/tls/tls.key"), settings.smtp().tls().privateKey().orElseThrow());
        var submission = settings.smtp().listeners().get(1);
        assertEquals(List.of("submission", ListenerKind.SUBMISSION, 2587),
                List.of(submission.name(), submission.kind(), submission.port()));
        assertEquals(587, named(at(rendered.get("Service", FULLNAME), "spec.ports"), "name", "submission").get("port"));
        assertTrue(clusterDocument(rendered).lists().client().addresses().contains(IpAddress.parse("198.51.100.9")));
        var sources = at(podSpec(rendered), "volumes.0.projected.sources");
        assertEquals("mx-example-com-tls", at(sources, "1.secret.name"));
    }

    @Test
    void proxyProtocolAddsAListenerThatTrustsOnlyTheGivenNetworks() {
        var rendered = render(c -> c.withValuesFile(values("proxy-protocol.yaml")));
        var written = named(at(settingsYaml(rendered), "smtp.listeners"), "name", "smtp-proxy");
        var listener = settings(rendered).smtp().listeners().get(1);

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
    void ingressNginxExampleRendersTheServicePortItsTcpServicesEntryNames() throws IOException {
        var example = MoatChart.directory().resolve("examples/ingress-nginx.yaml");
        var entry = Pattern.compile("\"25\": \"([^/]+)/([^:]+):(\\d+)::PROXY\"").matcher(Files.readString(example));
        assertTrue(entry.find(), "the example shows its tcp-services entry");
        var rendered = render(c -> c.withValuesFile(example));
        var service = rendered.get("Service", entry.group(2));

        assertEquals(NAMESPACE, entry.group(1));
        assertEquals("ClusterIP", at(service, "spec.type"));
        assertNull(at(service, "spec.externalTrafficPolicy"));
        assertEquals("smtp-proxy",
                named(at(service, "spec.ports"), "port", Integer.parseInt(entry.group(3))).get("targetPort"));
        assertTrue(settings(rendered).smtp().listeners().get(1).proxyProtocol());
        var namespaces = (Map<?, ?>) at(networkPolicyRule(rendered, 2526), "from.0.namespaceSelector.matchLabels");
        assertEquals("ingress-nginx", namespaces.get("kubernetes.io/metadata.name"), "only the controller may send headers");
    }
}
