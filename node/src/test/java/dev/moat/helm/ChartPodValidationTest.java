package dev.moat.helm;

import static dev.moat.helm.ValidationFixture.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each pod-spec rule of {@link PodSpecValidation}, one named case that breaks it and the same
 * object made right, which passes: what the API server refuses when the pod is created, named
 * with its field path.
 */
class ChartPodValidationTest {
    @Test
    void aPodNeedsAContainer() {
        assertEquals(List.of("Pod/p: spec.containers: Required value"), pod("containers: []"));
        assertEquals(List.of(), pod("containers: [{name: c, image: i}]"));
    }

    @Test
    void containerNamesAreDnsLabelsUniqueAcrossInitContainersAndEachHasAnImage() {
        assertEquals(List.of("Pod/p: spec.initContainers[0].name: a lowercase RFC 1123 label must consist of lower case"
                        + " alphanumeric characters or '-', and must start and end with an alphanumeric character",
                "Pod/p: spec.containers[0].name: Duplicate value: \"c\"",
                "Pod/p: spec.containers[1].image: Required value"), pod("""
                initContainers: [{name: Init_1, image: i}, {name: c, image: i}]
                containers: [{name: c, image: i}, {name: d}]
                """));
        assertEquals(List.of(), pod("""
                initContainers: [{name: init-1, image: i}]
                containers: [{name: c, image: i}, {name: d, image: i}]
                """));
    }

    @Test
    void volumesAreDnsLabelsUniqueOfOneTypeAndEveryMountNamesOne() {
        assertEquals(List.of("Pod/p: spec.volumes[0].name: a lowercase RFC 1123 label must consist of lower case"
                        + " alphanumeric characters or '-', and must start and end with an alphanumeric character",
                "Pod/p: spec.volumes[2].name: Duplicate value: \"data\"",
                "Pod/p: spec.volumes[3]: Forbidden: may not specify more than 1 volume type",
                "Pod/p: spec.containers[0].volumeMounts[0].name: Not found: \"config\"",
                "Pod/p: spec.containers[0].volumeMounts[2].mountPath: Invalid value: \"/data\": must be unique"), pod("""
                volumes:
                  - {name: tmp.files, emptyDir: {}}
                  - {name: data, emptyDir: {}}
                  - {name: data, emptyDir: {}}
                  - {name: both, emptyDir: {}, configMap: {name: m}}
                containers:
                  - name: c
                    image: i
                    volumeMounts: [{name: config, mountPath: /etc/c}, {name: data, mountPath: /data}, {name: both, mountPath: /data}]
                """));
        assertEquals(List.of(), pod("""
                volumes: [{name: config, configMap: {name: m}}, {name: data, emptyDir: {}}]
                containers:
                  - name: c
                    image: i
                    volumeMounts: [{name: config, mountPath: /etc/c}, {name: data, mountPath: /data}]
                """));
    }

    @Test
    void containerPortsAreInRangeAndTheirNamesAreIanaServiceNamesUniqueInThePod() {
        assertEquals(List.of("Pod/p: spec.containers[0].ports[0].containerPort: must be between 1 and 65535, inclusive",
                "Pod/p: spec.containers[0].ports[1].name: Invalid value: \"smtps-submission\": must be no more than 15 characters",
                "Pod/p: spec.containers[0].ports[2].name: Invalid value: \"smtp--proxy\": must not contain consecutive hyphens",
                "Pod/p: spec.containers[0].ports[3].name: Invalid value: \"2525\": must contain at least one letter (a-z)",
                "Pod/p: spec.containers[0].ports[4].name: Invalid value: \"SMTP\": must contain only alpha-numeric"
                        + " characters (a-z, 0-9), and hyphens (-)",
                "Pod/p: spec.containers[0].ports[5].name: Invalid value: \"-admin\": must not begin or end with a hyphen",
                "Pod/p: spec.containers[1].ports[0].name: Duplicate value: \"smtp\" (also spec.containers[0].ports[6])",
                "Pod/p: spec.containers[1].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"TCP\", \"UDP\", \"SCTP\""),
                pod("""
                        containers:
                          - name: c
                            image: i
                            ports:
                              - {containerPort: 70000}
                              - {name: smtps-submission, containerPort: 587}
                              - {name: smtp--proxy, containerPort: 2526}
                              - {name: "2525", containerPort: 2525}
                              - {name: SMTP, containerPort: 25}
                              - {name: "-admin", containerPort: 8080}
                              - {name: smtp, containerPort: 2525}
                          - name: d
                            image: i
                            ports: [{name: smtp, containerPort: 25}, {name: web, containerPort: 80, protocol: HTTP}]
                        """));
        assertEquals(List.of(), pod("""
                containers:
                  - name: c
                    image: i
                    ports: [{name: submission, containerPort: 587}, {name: smtp-proxy, containerPort: 2526}, {containerPort: 1}]
                  - {name: d, image: i, ports: [{name: smtp, containerPort: 65535, protocol: TCP}]}
                """));
    }

    @Test
    void aProbeHasOneHandlerAndItsNamedPortIsOneOfItsContainer() {
        assertEquals(List.of("Pod/p: spec.containers[0].startupProbe: Required value: must specify a handler type",
                "Pod/p: spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"admn\": the container has no port of"
                        + " that name (the kubelet fails the probe)",
                "Pod/p: spec.containers[0].readinessProbe.tcpSocket.port: must be between 1 and 65535, inclusive",
                "Pod/p: spec.containers[0].readinessProbe.periodSeconds: Invalid value: -5: must be greater than or equal to 0"),
                pod("""
                        containers:
                          - name: c
                            image: i
                            ports: [{name: admin, containerPort: 8080}]
                            startupProbe: {periodSeconds: 2}
                            livenessProbe: {httpGet: {path: /health/live, port: admn}}
                            readinessProbe: {tcpSocket: {port: 0}, periodSeconds: -5}
                        """));
        assertEquals(List.of(), pod("""
                containers:
                  - name: c
                    image: i
                    ports: [{name: admin, containerPort: 8080}]
                    startupProbe: {httpGet: {path: /health/live, port: admin}}
                    livenessProbe: {httpGet: {path: /health/live, port: 8080, scheme: HTTPS}}
                    readinessProbe: {tcpSocket: {port: admin}}
                """));
    }

    @Test
    void environmentVariableNamesArePrintableAsciiWithoutAnEqualsSignAndTakeOneSource() {
        assertEquals(List.of("Pod/p: spec.containers[0].env[0].name: a valid environment variable name must consist"
                        + " only of printable ASCII characters other than '='",
                "Pod/p: spec.containers[0].env[1].name: a valid environment variable name must consist"
                        + " only of printable ASCII characters other than '='",
                "Pod/p: spec.containers[0].env[2].valueFrom: Invalid value: may not be specified when `value` is not empty",
                "Pod/p: spec.containers[0].env[3].valueFrom: Invalid value: must specify one of: `fieldRef`,"
                        + " `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                "Pod/p: spec.containers[0].env[4].valueFrom.secretKeyRef.key: a valid config key must consist of"
                        + " alphanumeric characters, '-', '_' or '.'"), pod("""
                containers:
                  - name: c
                    image: i
                    env:
                      - {name: "MOAT_LOG=LEVEL", value: DEBUG}
                      - {name: "MOAT_Ä", value: x}
                      - {name: A, value: x, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                      - {name: B, valueFrom: {}}
                      - {name: C, valueFrom: {secretKeyRef: {name: s, key: "tls/key"}}}
                """));
        assertEquals(List.of(), pod("""
                containers:
                  - name: c
                    image: i
                    env:
                      - {name: "1.relaxed-name with spaces", value: x}
                      - {name: A, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                      - {name: C, valueFrom: {secretKeyRef: {name: s, key: tls.key}}}
                """));
    }

    @Test
    void resourceQuantitiesParseAndRequestsStayWithinLimits() {
        assertEquals(List.of("Pod/p: spec.containers[0].resources.limits[memory]: Invalid value: \"1GB\": quantities"
                        + " must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "Pod/p: spec.containers[0].resources.requests[cpu]: Invalid value: \"2500m\": must be less than or equal"
                        + " to cpu limit of 2"), pod("""
                containers:
                  - name: c
                    image: i
                    resources:
                      requests: {cpu: 2500m, memory: 512Mi}
                      limits: {cpu: "2", memory: 1GB}
                """));
        assertEquals(List.of(), pod("""
                containers:
                  - name: c
                    image: i
                    resources:
                      requests: {cpu: 500m, memory: 1Gi, ephemeral-storage: 1e9}
                      limits: {cpu: "0.5", memory: 1073741824, ephemeral-storage: 1G}
                """));
    }

    @Test
    void tolerationsAndSpreadConstraintsTakeTheApisOperatorsEffectsAndKeys() {
        assertEquals(List.of("Pod/p: spec.tolerations[0].operator: Unsupported value: \"Equals\": supported values: \"Equal\", \"Exists\"",
                "Pod/p: spec.tolerations[1].effect: Unsupported value: \"NoScheduling\": supported values: \"NoSchedule\","
                        + " \"PreferNoSchedule\", \"NoExecute\"",
                "Pod/p: spec.tolerations[2].operator: Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'",
                "Pod/p: spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
                "Pod/p: spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty",
                "Pod/p: spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Schedule\": supported values:"
                        + " \"DoNotSchedule\", \"ScheduleAnyway\"",
                "Pod/p: spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: Unsupported value:"
                        + " \"Equals\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\""), pod("""
                containers: [{name: c, image: i}]
                tolerations:
                  - {key: dedicated, operator: Equals, value: mail}
                  - {key: dedicated, value: mail, effect: NoScheduling}
                  - {key: dedicated, operator: Exists, value: mail}
                topologySpreadConstraints:
                  - maxSkew: 0
                    topologyKey: ""
                    whenUnsatisfiable: Schedule
                    labelSelector: {matchExpressions: [{key: app, operator: Equals, values: [moat]}]}
                """));
        assertEquals(List.of(), pod("""
                containers: [{name: c, image: i}]
                tolerations:
                  - {key: dedicated, operator: Equal, value: mail, effect: NoSchedule}
                  - {key: dedicated, operator: Exists}
                topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector: {matchExpressions: [{key: app, operator: In, values: [moat]}, {key: x, operator: DoesNotExist}]}
                """));
    }
}
