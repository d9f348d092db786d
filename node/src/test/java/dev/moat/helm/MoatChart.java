package dev.moat.helm;

import static dev.moat.helm.Manifests.at;
import static dev.moat.helm.Manifests.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsResult;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * The chart {@code helm/moat} of this checkout, rendered by helm-java's bundled Helm
 * (offline) as release {@code mx} in namespace {@code mail}, and the ways tests read what it
 * rendered: the settings file and cluster document through the node's own parsers, the pod
 * through its StatefulSet.
 */
final class MoatChart {
    static final String RELEASE = "mx";
    static final String NAMESPACE = "mail";
    static final String FULLNAME = "mx-moat";
    /** The pod name the node takes as its host name. */
    static final HostFacts POD = new HostFacts("mx-moat-0");

    private static Helm helm;

    private MoatChart() {
    }

    /** Loads Helm once, or skips the calling test class where its native library cannot load. */
    static synchronized Helm helm() {
        if (helm == null) {
            try {
                Helm.version().call();
            } catch (LinkageError | RuntimeException e) {
                Assumptions.abort("helm-java cannot load its native Helm library on this machine ("
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + e
                        + "); the chart tests are skipped");
            }
            helm = new Helm(directory());
        }
        return helm;
    }

    static Manifests render() {
        return render(c -> c);
    }

    /** Renders with values given by {@code values} (values files, {@code set}). */
    static Manifests render(UnaryOperator<TemplateCommand> values) {
        return Manifests.parse(values.apply(helm().template().withName(RELEASE).withNamespace(NAMESPACE)).call());
    }

    /** A values file of {@code src/test/resources/helm}. */
    static Path values(String file) {
        try {
            return Path.of(MoatChart.class.getResource("/helm/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** helm/moat, found from the working directory (the module's or the root's). */
    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("helm/moat/Chart.yaml"))) {
                return dir.resolve("helm/moat");
            }
        }
        throw new IllegalStateException("helm/moat/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }

    static String configFile(Manifests rendered, String key) {
        return (String) ((Map<?, ?>) at(rendered.get("ConfigMap", FULLNAME + "-settings"), "data")).get(key);
    }

    /** The settings file as YAML, to check what the chart wrote. */
    static Object settingsYaml(Manifests rendered) {
        return Manifests.yaml(configFile(rendered, "moat.yaml"));
    }

    /** The settings file as the node reads it, asserting it has no error. */
    static ServerSettings settings(Manifests rendered) {
        return valid(ServerSettings.parse(configFile(rendered, "moat.yaml"), POD));
    }

    /** The first cluster-wide document as the node reads it, asserting it has no error. */
    static ClusterSettings clusterDocument(Manifests rendered) {
        return valid(ClusterSettings.parse(configFile(rendered, "cluster-settings.yaml")));
    }

    private static <T> T valid(SettingsResult<T> result) {
        assertEquals(List.of(), result.errors(), "the node refuses the rendered file");
        return result.value();
    }

    static Object podSpec(Manifests rendered) {
        return at(rendered.get("StatefulSet", FULLNAME), "spec.template.spec");
    }

    static Map<?, ?> container(Manifests rendered) {
        return named(at(podSpec(rendered), "containers"), "name", "moat");
    }

    static Map<?, ?> podAnnotations(Manifests rendered) {
        return (Map<?, ?>) at(rendered.get("StatefulSet", FULLNAME), "spec.template.metadata.annotations");
    }

    /** The ingress rule of the chart's NetworkPolicy that opens {@code port}. */
    static Map<?, ?> networkPolicyRule(Manifests rendered, int port) {
        for (Object rule : (List<?>) at(rendered.get("NetworkPolicy", FULLNAME), "spec.ingress")) {
            for (Object open : (List<?>) at(rule, "ports")) {
                if (Integer.valueOf(port).equals(at(open, "port"))) {
                    return (Map<?, ?>) rule;
                }
            }
        }
        return fail("no rule of the NetworkPolicy opens port " + port);
    }
}
