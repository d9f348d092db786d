package dev.moat.helm;

import static dev.moat.helm.KubernetesValidation.list;
import static dev.moat.helm.KubernetesValidation.map;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod spec as the API server validates it when the pod is created (core validation's
 * ValidatePodSpec; for a StatefulSet's template that is when its controller creates each pod,
 * so a fault there leaves the set without pods rather than refusing the StatefulSet): at least
 * one container; container names DNS-1123 labels unique across init and regular containers, each
 * with an image; volumes named as DNS-1123 labels, unique, of exactly one type, and every mount
 * naming one (or a claim template); container ports, their IANA_SVC_NAME names unique in the pod
 * (the API refuses a repeat within a container and warns across containers); probes with one
 * handler whose named port the container has (else the kubelet fails the probe); environment
 * variable names; resource quantities with requests within limits; the few enumerated fields.
 */
final class PodSpecValidation {
    private static final String[] PROTOCOLS = {"TCP", "UDP", "SCTP"};
    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");
    private static final Set<String> HANDLERS = Set.of("exec", "httpGet", "tcpSocket", "grpc");
    private static final Set<String> ENV_SOURCES = Set.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef");

    private PodSpecValidation() {
    }

    /** Checks {@code spec} at {@code path}; {@code claims} are volume names a StatefulSet's claim templates add. */
    static void check(ObjectProblems found, String path, Map<?, ?> spec, Set<String> claims) {
        var volumes = new HashSet<>(claims);
        List<?> declared = list(spec.get("volumes"));
        for (int i = 0; i < declared.size(); i++) {
            String at = path + ".volumes[" + i + "]";
            Map<?, ?> volume = map(declared.get(i));
            Object name = volume.get("name");
            found.check(at + ".name", name instanceof String text ? KubernetesNames.dns1123Label(text) : "Required value");
            if (name != null && !volumes.add(String.valueOf(name))) {
                found.add(at + ".name", "Duplicate value: \"" + name + "\"");
            }
            int types = volume.size() - (volume.containsKey("name") ? 1 : 0);
            found.check(at, types == 0 ? "Required value: must specify a volume type"
                    : types > 1 ? "Forbidden: may not specify more than 1 volume type" : null);
        }
        List<?> containers = list(spec.get("containers"));
        if (containers.isEmpty()) {
            found.add(path + ".containers", "Required value");
        }
        var names = new HashSet<String>();
        var portNames = new HashMap<String, String>();
        for (String field : List.of("initContainers", "containers")) {
            List<?> group = list(spec.get(field));
            for (int i = 0; i < group.size(); i++) {
                container(found, path + "." + field + "[" + i + "]", map(group.get(i)), names, portNames, volumes);
            }
        }
        found.oneOf(path + ".restartPolicy", spec.get("restartPolicy"), "Always", "OnFailure", "Never");
        found.nonNegative(path + ".terminationGracePeriodSeconds", spec.get("terminationGracePeriodSeconds"));
        if (spec.get("serviceAccountName") instanceof String account) {
            found.check(path + ".serviceAccountName", KubernetesNames.dns1123Subdomain(account));
        }
        KubernetesValidation.labels(found, path + ".nodeSelector", spec.get("nodeSelector"));
        List<?> tolerations = list(spec.get("tolerations"));
        for (int i = 0; i < tolerations.size(); i++) {
            String at = path + ".tolerations[" + i + "]";
            Object operator = Manifests.at(tolerations.get(i), "operator");
            found.oneOf(at + ".operator", operator, "Equal", "Exists");
            found.oneOf(at + ".effect", Manifests.at(tolerations.get(i), "effect"), "NoSchedule", "PreferNoSchedule", "NoExecute");
            if ("Exists".equals(operator) && Manifests.at(tolerations.get(i), "value") instanceof String value && !value.isEmpty()) {
                found.add(at + ".operator", "Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'");
            }
        }
        List<?> spreads = list(spec.get("topologySpreadConstraints"));
        for (int i = 0; i < spreads.size(); i++) {
            String at = path + ".topologySpreadConstraints[" + i + "]";
            Object skew = Manifests.at(spreads.get(i), "maxSkew");
            found.check(at + ".maxSkew", skew instanceof Integer n && n > 0 ? null : "Invalid value: " + skew + ": must be greater than zero");
            found.check(at + ".topologyKey", Manifests.at(spreads.get(i), "topologyKey") instanceof String key
                    && !key.isEmpty() ? KubernetesNames.qualifiedName(key) : "Required value: can not be empty");
            Object unsatisfiable = Manifests.at(spreads.get(i), "whenUnsatisfiable");
            found.check(at + ".whenUnsatisfiable", unsatisfiable == null ? "Required value" : null);
            found.oneOf(at + ".whenUnsatisfiable", unsatisfiable, "DoNotSchedule", "ScheduleAnyway");
            Selectors.check(found, at + ".labelSelector", Manifests.at(spreads.get(i), "labelSelector"), null);
        }
    }

    private static void container(ObjectProblems found, String path, Map<?, ?> container, Set<String> names,
            Map<String, String> portNames, Set<String> volumes) {
        Object name = container.get("name");
        found.check(path + ".name", name instanceof String text ? KubernetesNames.dns1123Label(text) : "Required value");
        if (name != null && !names.add(String.valueOf(name))) {
            found.add(path + ".name", "Duplicate value: \"" + name + "\"");
        }
        if (!(container.get("image") instanceof String image) || image.isBlank()) {
            found.add(path + ".image", "Required value");
        }
        found.oneOf(path + ".imagePullPolicy", container.get("imagePullPolicy"), "Always", "IfNotPresent", "Never");
        var ownPorts = new HashSet<String>();
        List<?> ports = list(container.get("ports"));
        for (int i = 0; i < ports.size(); i++) {
            String at = path + ".ports[" + i + "]";
            found.check(at + ".containerPort", KubernetesNames.portNumber(Manifests.at(ports.get(i), "containerPort")));
            Object hostPort = Manifests.at(ports.get(i), "hostPort");
            found.check(at + ".hostPort", hostPort == null || Integer.valueOf(0).equals(hostPort) ? null : KubernetesNames.portNumber(hostPort));
            found.oneOf(at + ".protocol", Manifests.at(ports.get(i), "protocol"), PROTOCOLS);
            if (Manifests.at(ports.get(i), "name") instanceof String portName) {
                found.check(at + ".name", KubernetesNames.portName(portName), portName);
                String first = portNames.putIfAbsent(portName, at);
                found.check(at + ".name", first == null ? null : "Duplicate value: \"" + portName + "\" (also " + first + ")");
                ownPorts.add(portName);
            }
        }
        for (String probe : PROBES) {
            probe(found, path + "." + probe, map(container.get(probe)), container.containsKey(probe), ownPorts);
        }
        environment(found, path, list(container.get("env")));
        resources(found, path + ".resources", map(container.get("resources")));
        var mountPaths = new HashSet<String>();
        List<?> mounts = list(container.get("volumeMounts"));
        for (int i = 0; i < mounts.size(); i++) {
            String at = path + ".volumeMounts[" + i + "]";
            Object volume = Manifests.at(mounts.get(i), "name");
            found.check(at + ".name", volume == null ? "Required value"
                    : volumes.contains(String.valueOf(volume)) ? null : "Not found: \"" + volume + "\"");
            Object mountPath = Manifests.at(mounts.get(i), "mountPath");
            found.check(at + ".mountPath", mountPath == null ? "Required value"
                    : mountPaths.add(String.valueOf(mountPath)) ? null : "Invalid value: \"" + mountPath + "\": must be unique");
        }
    }

    private static void probe(ObjectProblems found, String path, Map<?, ?> probe, boolean present, Set<String> ports) {
        if (!present) {
            return;
        }
        var handlers = new HashSet<Object>(probe.keySet());
        handlers.retainAll(HANDLERS);
        found.check(path, handlers.isEmpty() ? "Required value: must specify a handler type"
                : handlers.size() > 1 ? "Forbidden: may not specify more than 1 handler type" : null);
        for (String handler : List.of("httpGet", "tcpSocket")) {
            if (probe.containsKey(handler)) {
                Object port = Manifests.at(probe.get(handler), "port");
                String complaint = KubernetesNames.portNumberOrName(port);
                found.check(path + "." + handler + ".port", complaint != null ? complaint
                        : port instanceof String name && !ports.contains(name)
                        ? "Invalid value: \"" + name + "\": the container has no port of that name (the kubelet fails the probe)" : null);
            }
        }
        found.oneOf(path + ".httpGet.scheme", Manifests.at(probe, "httpGet.scheme"), "HTTP", "HTTPS");
        for (String field : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")) {
            found.nonNegative(path + "." + field, probe.get(field));
        }
    }

    private static void environment(ObjectProblems found, String path, List<?> env) {
        for (int i = 0; i < env.size(); i++) {
            String at = path + ".env[" + i + "]";
            Map<?, ?> variable = map(env.get(i));
            found.check(at + ".name", variable.get("name") instanceof String name
                    ? KubernetesNames.environmentVariableName(name) : "Required value");
            if (variable.containsKey("valueFrom")) {
                if (variable.get("value") instanceof String value && !value.isEmpty()) {
                    found.add(at + ".valueFrom", "Invalid value: may not be specified when `value` is not empty");
                }
                var sources = new HashSet<Object>(map(variable.get("valueFrom")).keySet());
                sources.retainAll(ENV_SOURCES);
                found.check(at + ".valueFrom", sources.size() == 1 ? null
                        : "Invalid value: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
                for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
                    Object key = Manifests.at(variable.get("valueFrom"), ref + ".key");
                    if (sources.contains(ref)) {
                        found.check(at + ".valueFrom." + ref + ".key", key instanceof String text
                                ? KubernetesNames.configMapKey(text) : "Required value");
                    }
                }
            }
        }
    }

    private static void resources(ObjectProblems found, String path, Map<?, ?> resources) {
        var limits = new HashMap<Object, BigDecimal>();
        for (String kind : List.of("limits", "requests")) {
            for (var resource : map(resources.get(kind)).entrySet()) {
                String at = path + "." + kind + "[" + resource.getKey() + "]";
                found.check(at, KubernetesNames.qualifiedName(String.valueOf(resource.getKey())));
                BigDecimal amount = KubernetesNames.quantity(resource.getValue());
                if (amount == null) {
                    found.add(at, "Invalid value: \"" + resource.getValue() + "\": quantities must match the regular"
                            + " expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
                } else if (amount.signum() < 0) {
                    found.add(at, "Invalid value: \"" + resource.getValue() + "\": must be greater than or equal to 0");
                } else if ("limits".equals(kind)) {
                    limits.put(resource.getKey(), amount);
                } else if (limits.containsKey(resource.getKey()) && amount.compareTo(limits.get(resource.getKey())) > 0) {
                    found.add(at, "Invalid value: \"" + resource.getValue() + "\": must be less than or equal to "
                            + resource.getKey() + " limit of " + map(resources.get("limits")).get(resource.getKey()));
                }
            }
        }
    }
}
