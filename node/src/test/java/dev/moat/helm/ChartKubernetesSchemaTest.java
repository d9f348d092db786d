package dev.moat.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders, its {@code helm test} hook included, passes the Kubernetes API
 * schema offline ({@link KubernetesSchema}) and the API server's validation rules ({@link
 * KubernetesValidation}) for the default values and four other value sets (everything optional
 * on, a production install, a minimal one, names at their limits); and the schema check refuses a
 * misspelt field, a wrong type and a kind it has no model of, naming each. helm-java's template
 * prints the release's manifest and never its hooks, so the hooks are rendered from a copy of
 * the chart whose {@code helm.sh/hook} annotations are renamed, which Helm then renders with the
 * rest.
 */
class ChartKubernetesSchemaTest {
    private static final String HOOK = "helm.sh/hook";
    private static final String RENAMED_HOOK = "moat.test/helm-hook";
    /** The value sets checked: the defaults ("") and the files of src/test/resources/helm. */
    private static final List<String> VALUE_SETS =
            List.of("", "schema-everything-on.yaml", "schema-production.yaml", "schema-minimal.yaml",
                    "schema-long-names.yaml");

    @TempDir
    static Path copies;
    private static Helm withHooks;

    @BeforeAll
    static void copyTheChartWithItsHooksAsObjects() throws IOException {
        MoatChart.helm();
        Path copy = copies.resolve("moat");
        Path chart = MoatChart.directory();
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(chart.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.startsWith(chart.resolve("templates"))) {
                    Files.writeString(target, Files.readString(file).replace(HOOK + ":", RENAMED_HOOK + ":"));
                } else {
                    Files.copy(file, target);
                }
            }
        }
        withHooks = new Helm(copy);
    }

    static List<String> valueSets() {
        return VALUE_SETS;
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyRenderedObjectAndHookPassesTheKubernetesSchema(String valuesFile) {
        var rendered = renderWithHooks(valuesFile);
        var problems = new ArrayList<String>();
        rendered.forEach(document -> problems.addAll(KubernetesSchema.problems(document)));
        assertEquals(List.of(), problems, "objects the API server would refuse, values " + describe(valuesFile));
        var invalid = new ArrayList<String>();
        rendered.forEach(document -> invalid.addAll(KubernetesValidation.problems(document)));
        assertEquals(List.of(), invalid, "objects the API server's validation would refuse, values " + describe(valuesFile));

        var hooks = new TreeSet<String>();
        rendered.stream().filter(d -> Manifests.at(d, "metadata.annotations") instanceof Map<?, ?> a
                && a.containsKey(RENAMED_HOOK)).forEach(d -> hooks.add(name(d)));
        String statefulSet = rendered.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).map(d -> Manifests.at(d,
                "metadata.name")).findFirst().orElseThrow().toString();
        assertEquals(Set.of("Pod/" + statefulSet + "-test"), hooks, "the hooks checked");
        var withoutHooks = new TreeSet<>(valuesFile.isEmpty() ? MoatChart.render().names()
                : MoatChart.render(c -> c.withValuesFile(MoatChart.values(valuesFile))).names());
        var all = new TreeSet<>(rendered.stream().map(ChartKubernetesSchemaTest::name).toList());
        all.removeAll(hooks);
        assertEquals(withoutHooks, all, "the copy renders what the chart renders, and its hooks");
    }

    @Test
    void everyKindTheChartCanRenderWasChecked() {
        var kinds = new TreeSet<String>();
        for (String valuesFile : VALUE_SETS) {
            renderWithHooks(valuesFile).forEach(d -> kinds.add(d.get("apiVersion") + " " + d.get("kind")));
        }
        assertEquals(new TreeSet<>(List.of("apps/v1 StatefulSet", "monitoring.coreos.com/v1 PrometheusRule",
                "monitoring.coreos.com/v1 ServiceMonitor", "networking.k8s.io/v1 NetworkPolicy",
                "policy/v1 PodDisruptionBudget", "v1 ConfigMap", "v1 Pod", "v1 Secret", "v1 Service",
                "v1 ServiceAccount")), kinds);
    }

    @Test
    void aMisspeltFieldInARenderedObjectIsNamedWithItsPath() {
        var statefulSet = MoatChart.render().get("StatefulSet", MoatChart.FULLNAME);
        assertEquals(List.of(), KubernetesSchema.problems(statefulSet));
        @SuppressWarnings("unchecked")
        var container = (Map<String, Object>) Manifests.named(
                Manifests.at(statefulSet, "spec.template.spec.containers"), "name", "moat");
        container.put("imagePullPolicyz", "Always");
        assertEquals(List.of("StatefulSet/mx-moat: unknown field spec.template.spec.containers[0].imagePullPolicyz"
                + " (Container has no such field)"), KubernetesSchema.problems(statefulSet));
    }

    @Test
    void unknownFieldsAreFoundAtEveryDepthAndInTheMonitoringKinds() {
        assertEquals(List.of("Pod/p: unknown field spec.containerz (PodSpec has no such field)",
                "Pod/p: unknown field spec.containers[0].securityContext.capabilities.drops (Capabilities has no such field)"),
                problems("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                          containerz: []
                          containers:
                            - name: c
                              image: i
                              securityContext: {capabilities: {drops: [ALL]}}
                        """));
        assertEquals(List.of("ServiceMonitor/m: unknown field spec.endpoints[0].intervall (Endpoint has no such field)"),
                problems("""
                        apiVersion: monitoring.coreos.com/v1
                        kind: ServiceMonitor
                        metadata: {name: m}
                        spec:
                          selector: {matchLabels: {a: b}}
                          endpoints: [{port: admin, intervall: 30s}]
                        """));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsPath() {
        assertEquals(List.of("Service/s: wrong type at spec.ports[0].port: Cannot coerce String value (\"25\") to `java.lang.Integer` value"),
                problems("""
                        apiVersion: v1
                        kind: Service
                        metadata: {name: s}
                        spec: {ports: [{name: smtp, port: "25"}]}
                        """));
        var envNumber = problems("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {containers: [{name: c, image: i, env: [{name: PORT, value: 25}]}]}
                """);
        assertEquals(1, envNumber.size(), envNumber::toString);
        assertTrue(envNumber.get(0).startsWith("Pod/p: wrong type at spec.containers[0].env[0].value: "), envNumber::toString);
        var boolText = problems("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec: {template: {spec: {automountServiceAccountToken: "false"}}}
                """);
        assertEquals(1, boolText.size(), boolText::toString);
        assertTrue(boolText.get(0).startsWith("StatefulSet/s: wrong type at spec.template.spec.automountServiceAccountToken: "),
                boolText::toString);
        var yaml11Boolean = problems("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                data:
                  prefetch: yes
                  quoted: "on"
                  block: |
                    prefetch: yes
                """);
        assertEquals(1, yaml11Boolean.size(), yaml11Boolean::toString);
        assertTrue(yaml11Boolean.get(0).startsWith("ConfigMap/c: wrong type at data.prefetch: "), yaml11Boolean::toString);
        var fraction = problems("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec: {replicas: 2.5}
                """);
        assertTrue(fraction.size() == 1 && fraction.get(0).startsWith("StatefulSet/s: wrong type at spec.replicas: "),
                fraction::toString);
    }

    @Test
    void aKindWithoutAModelIsRefused() {
        assertEquals(List.of("Widget/w: no typed model of example.com/v1 Widget"), problems("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {size: 3}
                """));
    }

    private static List<String> problems(String yaml) {
        var documents = KubernetesSchema.read(yaml);
        assertEquals(1, documents.size());
        return KubernetesSchema.problems(documents.get(0));
    }

    private static List<Map<String, Object>> renderWithHooks(String valuesFile) {
        var command = withHooks.template().withName(MoatChart.RELEASE).withNamespace(MoatChart.NAMESPACE);
        if (!valuesFile.isEmpty()) {
            command.withValuesFile(MoatChart.values(valuesFile));
        }
        return KubernetesSchema.read(command.call());
    }

    private static String name(Map<String, Object> document) {
        return document.get("kind") + "/" + Manifests.at(document, "metadata.name");
    }

    private static String describe(String valuesFile) {
        return valuesFile.isEmpty() ? "defaults" : valuesFile;
    }
}
