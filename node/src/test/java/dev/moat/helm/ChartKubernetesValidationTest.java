package dev.moat.helm;

import static dev.moat.helm.ValidationFixture.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.TemplateCommand;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each object-meta, StatefulSet, PodDisruptionBudget, ConfigMap and Secret rule of {@link
 * KubernetesValidation}, one named case that breaks it and the object made right, which
 * passes; and the chart under the longest release name Helm takes, whose every object passes.
 */
class ChartKubernetesValidationTest {
    private static final String STATEFUL_SET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: %s}
            spec:
              serviceName: %s
              %s
              selector: {matchLabels: {app: moat}}
              template:
                metadata: {labels: {app: %s}}
                spec:
                  containers: [{name: c, image: i, volumeMounts: [{name: data, mountPath: /data}]}]
              volumeClaimTemplates:
                - metadata: {name: data}
                  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            """;

    @Test
    void namesFollowTheirKindsFormat() {
        assertEquals(List.of("ConfigMap/Moat_Settings: metadata.name: a lowercase RFC 1123 subdomain must consist of"
                + " lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"),
                problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: Moat_Settings}}"));
        assertEquals(List.of(), problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: moat.settings-1}}"));
        assertEquals(List.of("Service/1mx-moat: metadata.name: a DNS-1035 label must consist of lower case alphanumeric"
                + " characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                "Service/mx.moat: metadata.name: a DNS-1035 label must consist of lower case alphanumeric"
                + " characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                "Service/" + "m".repeat(64) + ": metadata.name: must be no more than 63 characters"), List.of(
                service("1mx-moat"), service("mx.moat"), service("m".repeat(64))).stream().flatMap(List::stream).toList());
        assertEquals(List.of(), service("m".repeat(63)));
        assertEquals(List.of("ServiceAccount/a: metadata.namespace: a lowercase RFC 1123 label must consist of lower case"
                + " alphanumeric characters or '-', and must start and end with an alphanumeric character"),
                problems("{apiVersion: v1, kind: ServiceAccount, metadata: {name: a, namespace: mail.example}}"));
        assertEquals(List.of(), problems("{apiVersion: v1, kind: ServiceAccount, metadata: {name: a, namespace: mail}}"));
    }

    @Test
    void aStatefulSetNameLeavesRoomForItsPodsControllerRevisionHashLabel() {
        String name = "m".repeat(53);
        assertEquals(List.of("StatefulSet/" + name + ": metadata.name: must be no more than 52 characters: the StatefulSet"
                + " controller labels its pods controller-revision-hash=<name>-<hash of up to 10>, which must be a label"
                + " value (at most 63), or it creates no pod"), problems(STATEFUL_SET.formatted(name, "s", "", "moat")));
        assertEquals(List.of(), problems(STATEFUL_SET.formatted("m".repeat(52), "s", "", "moat")));
    }

    @Test
    void labelAndAnnotationKeysAreQualifiedNamesAndLabelValuesAtMost63() {
        assertEquals(List.of(
                "ConfigMap/c: metadata.labels: Invalid value: \"app.kubernetes.io/\": name part must be non-empty",
                "ConfigMap/c: metadata.labels: Invalid value: \"Example.com/tier\": prefix part a lowercase RFC 1123"
                        + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end"
                        + " with an alphanumeric character",
                "ConfigMap/c: metadata.labels[version]: a valid label must be an empty string or consist of alphanumeric"
                        + " characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                "ConfigMap/c: metadata.labels[long]: must be no more than 63 characters",
                "ConfigMap/c: metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of an"
                        + " optional DNS subdomain prefix and '/' and a name"), problems("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  labels: {"app.kubernetes.io/": x, Example.com/tier: edge, version: "1.0 beta", long: %s}
                  annotations: {a/b/c: x}
                """.formatted("v".repeat(64))));
        assertEquals(List.of(), problems("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  labels: {app.kubernetes.io/name: moat, Tier_1: "", long: %s}
                  annotations: {checksum/restart-settings: "0f", Example.com/Owner: "any text: at all"}
                """.formatted("v".repeat(63))));
    }

    @Test
    void annotationsTogetherStayWithin256KiB() {
        String half = "x".repeat(128 * 1024);
        assertEquals(List.of("ConfigMap/c: metadata.annotations: Too long: must have at most 262144 bytes"),
                problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: {a: %s, b: %s}}}".formatted(half, half)));
        assertEquals(List.of(), problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: {a: %s, b: %s}}}"
                .formatted(half, half.substring(4))));
    }

    @Test
    void aStatefulSetSelectorIsPresentAndMatchesItsTemplateLabels() {
        assertEquals(List.of("StatefulSet/s: spec.template.metadata.labels: Invalid value: {app=mta}: `selector` does not"
                + " match template `labels`"), problems(STATEFUL_SET.formatted("s", "s", "", "mta")));
        var missing = new ArrayList<>(problems(STATEFUL_SET.formatted("s", "s", "", "moat")
                .replace("  selector: {matchLabels: {app: moat}}\n", "")));
        missing.addAll(problems(STATEFUL_SET.formatted("s", "s", "", "moat").replace("{matchLabels: {app: moat}}", "{}")));
        assertEquals(List.of("StatefulSet/s: spec.selector: Required value",
                "StatefulSet/s: spec.selector: Invalid value: empty selector is invalid for statefulset"), missing);
        assertEquals(List.of(), problems(STATEFUL_SET.formatted("s", "s", "", "moat")));
    }

    @Test
    void aStatefulSetNamesItsServiceAndTakesOnlyTheKnownPoliciesAndStrategies() {
        assertEquals(List.of("StatefulSet/s: spec.podManagementPolicy: Unsupported value: \"Parralel\": supported values:"
                + " \"OrderedReady\", \"Parallel\""), problems(STATEFUL_SET.formatted("s", "s", "podManagementPolicy: Parralel", "moat")));
        assertEquals(List.of("StatefulSet/s: spec.updateStrategy.type: Unsupported value: \"Recreate\": supported values:"
                + " \"RollingUpdate\", \"OnDelete\""), problems(STATEFUL_SET.formatted("s", "s", "updateStrategy: {type: Recreate}", "moat")));
        assertEquals(List.of("StatefulSet/s: spec.updateStrategy.rollingUpdate: only allowed for updateStrategy 'RollingUpdate'"),
                problems(STATEFUL_SET.formatted("s", "s", "updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}}", "moat")));
        assertEquals(List.of("StatefulSet/s: spec.serviceName: Required value: the governing Service that gives each pod"
                + " its stable DNS name"), problems(STATEFUL_SET.formatted("s", "\"\"", "", "moat")));
        assertEquals(List.of(), problems(STATEFUL_SET.formatted("s", "s-cluster",
                "podManagementPolicy: Parallel\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}", "moat")));
    }

    @Test
    void aStatefulSetsClaimTemplatesAreVolumesOfItsPodsAndOtherMountsAreNot() {
        assertEquals(List.of("StatefulSet/s: spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
                problems(STATEFUL_SET.formatted("s", "s", "", "moat").replace("- metadata: {name: data}", "- metadata: {name: spool}")));
    }

    @Test
    void aStatefulSetsPodsRestartAlwaysAndItsClaimTemplatesAskForAnAccessModeAndStorage() {
        assertEquals(List.of("StatefulSet/s: spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported"
                        + " values: \"Always\"",
                "StatefulSet/s: spec.volumeClaimTemplates[0].spec.accessModes: Unsupported value: \"ReadWriteOnly\": supported"
                        + " values: \"ReadWriteOnce\", \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOncePod\"",
                "StatefulSet/s: spec.volumeClaimTemplates[0].spec.resources.requests.storage: Required value: a positive"
                        + " quantity of storage"), problems(STATEFUL_SET.formatted("s", "s", "", "moat")
                .replace("containers: [", "restartPolicy: OnFailure\n      containers: [")
                .replace("{accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}",
                        "{accessModes: [ReadWriteOnly], resources: {requests: {storage: 0Gi}}}")));
    }

    @Test
    void aPodDisruptionBudgetSetsOneOfMinAvailableAndMaxUnavailableAndSelectsItsPods() {
        String budget = "{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: b}, spec: {%s}}";
        assertEquals(List.of("PodDisruptionBudget/b: spec: minAvailable and maxUnavailable cannot be both set"),
                problems(budget.formatted("minAvailable: 2, maxUnavailable: 1, selector: {matchLabels: {app: moat}}")));
        assertEquals(List.of("PodDisruptionBudget/b: spec.maxUnavailable: Invalid value: 150%: must be a non-negative"
                + " integer or a percentage (e.g. '5%') of at most 100%",
                "PodDisruptionBudget/b: spec.selector: Required value"), problems(budget.formatted("maxUnavailable: 150%")));
        assertEquals(List.of(), problems(budget.formatted("maxUnavailable: 34%, selector: {matchLabels: {app: moat}}")));
    }

    @Test
    void configMapAndSecretKeysAreConfigKeysAndTheirDataAtMostOneMebibyte() {
        assertEquals(List.of("ConfigMap/c: data[moat/yaml]: a valid config key must consist of alphanumeric characters,"
                + " '-', '_' or '.'", "ConfigMap/c: data[..moat]: must not start with '..'"),
                problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {moat/yaml: x, ..moat: z}}"));
        String half = "x".repeat(512 * 1024);
        assertEquals(List.of("ConfigMap/c: data, binaryData: Too long: must have at most 1048576 bytes"),
                problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: %s, b: %s}}".formatted(half, half + "x")));
        String encoded = Base64.getEncoder().encodeToString(half.getBytes());
        assertEquals(List.of("Secret/s: data: Too long: must have at most 1048576 bytes"),
                problems("{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {a: %s}, stringData: {b: %s}}"
                        .formatted(encoded, half + "x")));
        assertEquals(List.of("Secret/s: data[token]: illegal base64 data: Illegal base64 character 2a"),
                problems("{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {token: \"not*base64\"}}"));
        assertEquals(List.of(), problems("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {moat.yaml: %s, b_2-c: %s}}"
                .formatted(half, half)));
        assertEquals(List.of(), problems("{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {tls.key: %s}, stringData: {b: %s}}"
                .formatted(encoded, half)));
    }

    @Test
    void theChartUnderTheLongestReleaseNameHelmTakesPassesValidation() {
        String release = "mail-edge-europe-west-production-cluster-relay-2026ab";
        assertEquals(53, release.length(), "Helm refuses a release name longer than 53");
        var rendered = KubernetesSchema.read(release(release).call());
        assertEquals(List.of(), problemsOf(rendered));
        assertEquals("StatefulSet/" + release.substring(0, 52), rendered.stream()
                .filter(d -> "StatefulSet".equals(d.get("kind"))).map(d -> "StatefulSet/" + Manifests.at(d, "metadata.name"))
                .findFirst().orElseThrow(), "the full name <release>-moat, cut to 52");
    }

    @Test
    void aReleaseNameThatCannotNameAServiceStopsTheRenderNamingTheWayOut() {
        for (String release : List.of("1mail", "mail.example")) {
            var refused = assertThrows(IllegalStateException.class, () -> release(release).call());
            assertTrue(refused.getMessage().contains("the chart's full name \"" + release + "-moat\"")
                    && refused.getMessage().contains("set fullnameOverride"), refused.getMessage());
        }
        assertEquals(List.of(), problemsOf(KubernetesSchema.read(release("1mail").set("fullnameOverride", "mx-moat").call())));
    }

    /** The chart rendered under the release name {@code name}. */
    private static TemplateCommand release(String name) {
        return MoatChart.helm().template().withName(name).withNamespace(MoatChart.NAMESPACE);
    }

    private static List<String> problemsOf(List<Map<String, Object>> rendered) {
        var found = new ArrayList<String>();
        rendered.forEach(document -> found.addAll(KubernetesValidation.problems(document)));
        return found;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRenderedStatefulSetWhosePodsLoseASelectorLabelIsRefused() {
        var statefulSet = MoatChart.render().get("StatefulSet", MoatChart.FULLNAME);
        assertEquals(List.of(), KubernetesValidation.problems(statefulSet));
        ((Map<String, Object>) Manifests.at(statefulSet, "spec.template.metadata.labels")).put("app.kubernetes.io/instance", "mx2");
        assertEquals(List.of("StatefulSet/mx-moat: spec.template.metadata.labels: Invalid value: {app.kubernetes.io/name=moat,"
                + " app.kubernetes.io/instance=mx2}: `selector` does not match template `labels`"), KubernetesValidation.problems(statefulSet));
    }

    private static List<String> service(String name) {
        return problems("{apiVersion: v1, kind: Service, metadata: {name: %s}, spec: {ports: [{port: 25}]}}".formatted(name));
    }
}
