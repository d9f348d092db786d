package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static dev.moat.helm.MoatChart.podSpec;
import static dev.moat.helm.MoatChart.render;
import static dev.moat.helm.MoatChart.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's help for the RBL zones: a caching resolver of each pod's own (public lists refuse
 * queries from shared resolvers) that the nodes ask by default, and a Secret of zone keys
 * mounted where a zone's key-file can name them.
 */
class ChartResolverTest {

    @Test
    void withTheResolverEachPodRunsItAndTheNodesAskItUnlessTheSettingsNameOthers() {
        var rendered = render(c -> c.set("dnsResolver.enabled", true).set("dnsResolver.image", "registry.example/unbound:1"));
        var containers = (List<?>) at(podSpec(rendered), "containers");
        var resolver = named(containers, "name", "resolver");

        assertEquals("registry.example/unbound:1", resolver.get("image"));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353)), settings(rendered).dns().servers());
        var conf = (String) ((Map<?, ?>) at(rendered.get("ConfigMap", MoatChart.FULLNAME + "-resolver"), "data"))
                .get("unbound.conf");
        assertTrue(conf.contains("interface: 127.0.0.1") && conf.contains("port: 5353"), conf);
        assertEquals(Map.of("name", "resolver-config", "configMap", Map.of("name", MoatChart.FULLNAME + "-resolver")),
                named(at(podSpec(rendered), "volumes"), "name", "resolver-config"));

        var own = render(c -> c.set("dnsResolver.enabled", true).set("dnsResolver.image", "u:1")
                .set("settings.dns.servers[0]", "192.0.2.53"));
        assertEquals(List.of(new InetSocketAddress("192.0.2.53", 53)), settings(own).dns().servers());
    }

    @Test
    void withoutTheResolverNothingIsAddedAndTheResolverNeedsAnImage() {
        var rendered = render();

        assertEquals(1, ((List<?>) at(podSpec(rendered), "containers")).size());
        assertTrue(rendered.find("ConfigMap", MoatChart.FULLNAME + "-resolver").isEmpty());
        assertEquals(List.of(), settings(rendered).dns().servers(), "the system's resolv.conf");
        var missing = assertThrows(IllegalStateException.class, () -> render(c -> c.set("dnsResolver.enabled", true)));
        assertTrue(missing.getMessage().contains("dnsResolver.image"), missing::getMessage);
    }

    @Test
    void zoneKeysComeFromASecretMountedWhereKeyFileNamesThem() {
        var rendered = render(c -> c.set("rblKeys.existingSecret", "rbl-keys"));
        var moat = named(at(podSpec(rendered), "containers"), "name", "moat");

        assertEquals(Map.of("name", "rbl-keys", "mountPath", "/etc/moat/rbl-keys", "readOnly", true),
                named(moat.get("volumeMounts"), "name", "rbl-keys"));
        assertEquals(Map.of("name", "rbl-keys", "secret", Map.of("secretName", "rbl-keys")),
                named(at(podSpec(rendered), "volumes"), "name", "rbl-keys"));
    }
}
