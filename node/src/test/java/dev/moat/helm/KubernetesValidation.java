package dev.moat.helm;

import static dev.moat.helm.KubernetesNames.bytes;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the Kubernetes API server refuses after it has decoded an object, offline: the rules of
 * its validation code (k8s.io/kubernetes pkg/apis/core, apps, policy and networking
 * validation, and k8s.io/apimachinery's) that charts most often break. Every object gets the
 * object-meta rules (its kind's name format, namespace, label and annotation keys and values,
 * annotations within 256 KiB); a StatefulSet, PodDisruptionBudget, ConfigMap and Secret their
 * own here, a Service and NetworkPolicy theirs in {@link NetworkValidation}, a pod spec (a Pod's,
 * or a StatefulSet's template) its own in {@link PodSpecValidation}. Each problem names the
 * object's kind/name and the field path, as {@link KubernetesSchema} does, with the API's words.
 */
final class KubernetesValidation {
    /** The API server's limit on an object's annotations, keys and values together. */
    static final int ANNOTATIONS_MAX = 256 * 1024;
    /** The API server's limit on a ConfigMap's or Secret's data. */
    static final int DATA_MAX = 1024 * 1024;
    /** The length of the hash the StatefulSet controller appends to its name for controller-revision-hash. */
    static final int REVISION_HASH = 10;

    private KubernetesValidation() {
    }

    /** What the API server (or, where said, the controller) would refuse in {@code document}; empty when none. */
    static List<String> problems(Map<String, Object> document) {
        var found = new ObjectProblems(document.get("kind") + "/" + Manifests.at(document, "metadata.name"));
        String kind = String.valueOf(document.get("kind"));
        Function<String, String> nameRule = switch (kind) {
            case "Service" -> KubernetesNames::dns1035Label;
            case "StatefulSet" -> KubernetesValidation::statefulSetName;
            default -> KubernetesNames::dns1123Subdomain;
        };
        Object metadata = document.get("metadata");
        Object name = Manifests.at(metadata, "name");
        if (name instanceof String text && !text.isEmpty()) {
            found.check("metadata.name", nameRule.apply(text));
        } else {
            found.add("metadata.name", "Required value: name or generateName is required");
        }
        if (Manifests.at(metadata, "namespace") instanceof String namespace) {
            found.check("metadata.namespace", KubernetesNames.dns1123Label(namespace));
        }
        objectMeta(found, "metadata", metadata);
        switch (kind) {
            case "StatefulSet" -> statefulSet(found, map(document.get("spec")));
            case "Pod" -> PodSpecValidation.check(found, "spec", map(document.get("spec")), Set.of());
            case "PodDisruptionBudget" -> podDisruptionBudget(found, map(document.get("spec")));
            case "ConfigMap" -> data(found, document, false);
            case "Secret" -> data(found, document, true);
            case "Service" -> NetworkValidation.service(found, map(document.get("spec")));
            case "NetworkPolicy" -> NetworkValidation.networkPolicy(found, map(document.get("spec")));
            default -> { }
        }
        return found.list();
    }

    /** A DNS-1123 label (apps validation), short enough for the pods' controller-revision-hash label. */
    private static String statefulSetName(String name) {
        String label = KubernetesNames.dns1123Label(name);
        int max = KubernetesNames.LABEL_MAX - 1 - REVISION_HASH;
        return label != null || bytes(name) <= max ? label : "must be no more than " + max + " characters: the"
                + " StatefulSet controller labels its pods controller-revision-hash=<name>-<hash of up to "
                + REVISION_HASH + ">, which must be a label value (at most 63), or it creates no pod";
    }

    /** Labels and annotations of any object meta (an object's, a pod template's, a claim template's). */
    static void objectMeta(ObjectProblems found, String path, Object metadata) {
        labels(found, path + ".labels", Manifests.at(metadata, "labels"));
        int size = 0;
        for (var annotation : map(Manifests.at(metadata, "annotations")).entrySet()) {
            String key = String.valueOf(annotation.getKey());
            found.check(path + ".annotations", KubernetesNames.qualifiedName(key.toLowerCase()), key);
            size += bytes(key) + bytes(String.valueOf(annotation.getValue()));
        }
        if (size > ANNOTATIONS_MAX) {
            found.add(path + ".annotations", "Too long: must have at most " + ANNOTATIONS_MAX + " bytes");
        }
    }

    static void labels(ObjectProblems found, String path, Object labels) {
        for (var label : map(labels).entrySet()) {
            String key = String.valueOf(label.getKey());
            found.check(path, KubernetesNames.qualifiedName(key), key);
            found.check(path + "[" + key + "]", KubernetesNames.labelValue(String.valueOf(label.getValue())));
        }
    }

    private static void statefulSet(ObjectProblems found, Map<?, ?> spec) {
        found.oneOf("spec.podManagementPolicy", spec.get("podManagementPolicy"), "OrderedReady", "Parallel");
        Object strategy = Manifests.at(spec, "updateStrategy.type");
        found.oneOf("spec.updateStrategy.type", strategy, "RollingUpdate", "OnDelete");
        if ("OnDelete".equals(strategy) && Manifests.at(spec, "updateStrategy.rollingUpdate") != null) {
            found.add("spec.updateStrategy.rollingUpdate", "only allowed for updateStrategy 'RollingUpdate'");
        }
        found.nonNegative("spec.replicas", spec.get("replicas"));
        found.nonNegative("spec.updateStrategy.rollingUpdate.partition", Manifests.at(spec, "updateStrategy.rollingUpdate.partition"));
        if (!(spec.get("serviceName") instanceof String service) || service.isEmpty()) {
            found.add("spec.serviceName", "Required value: the governing Service that gives each pod its stable DNS name");
        } else {
            found.check("spec.serviceName", KubernetesNames.dns1123Label(service));
        }
        Object templateLabels = Manifests.at(spec, "template.metadata.labels");
        if (Selectors.check(found, "spec.selector", spec.get("selector"), "statefulset")
                && !Selectors.matches(spec.get("selector"), map(templateLabels))) {
            found.add("spec.template.metadata.labels", "Invalid value: " + templateLabels
                    + ": `selector` does not match template `labels`");
        }
        objectMeta(found, "spec.template.metadata", Manifests.at(spec, "template.metadata"));
        Map<?, ?> pod = map(Manifests.at(spec, "template.spec"));
        found.oneOf("spec.template.spec.restartPolicy", pod.get("restartPolicy"), "Always");
        if (pod.containsKey("activeDeadlineSeconds")) {
            found.add("spec.template.spec.activeDeadlineSeconds", "Forbidden: activeDeadlineSeconds in StatefulSet is not Supported");
        }
        var claims = new HashSet<String>();
        List<?> templates = list(spec.get("volumeClaimTemplates"));
        for (int i = 0; i < templates.size(); i++) {
            String path = "spec.volumeClaimTemplates[" + i + "]";
            Object claim = Manifests.at(templates.get(i), "metadata.name");
            claims.add(String.valueOf(claim));
            found.check(path + ".metadata.name", claim instanceof String name ? KubernetesNames.dns1123Label(name) : "Required value");
            objectMeta(found, path + ".metadata", Manifests.at(templates.get(i), "metadata"));
            List<?> modes = list(Manifests.at(templates.get(i), "spec.accessModes"));
            found.check(path + ".spec.accessModes", modes.isEmpty() ? "Required value: at least 1 access mode is required" : null);
            modes.forEach(m -> found.oneOf(path + ".spec.accessModes", m, "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"));
            var storage = KubernetesNames.quantity(Manifests.at(templates.get(i), "spec.resources.requests.storage"));
            found.check(path + ".spec.resources.requests.storage", storage == null || storage.signum() <= 0
                    ? "Required value: a positive quantity of storage" : null);
        }
        found.oneOf("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", Manifests.at(spec, "persistentVolumeClaimRetentionPolicy.whenDeleted"), "Retain", "Delete");
        found.oneOf("spec.persistentVolumeClaimRetentionPolicy.whenScaled", Manifests.at(spec, "persistentVolumeClaimRetentionPolicy.whenScaled"), "Retain", "Delete");
        PodSpecValidation.check(found, "spec.template.spec", pod, claims);
    }

    private static void podDisruptionBudget(ObjectProblems found, Map<?, ?> spec) {
        if (spec.containsKey("minAvailable") && spec.containsKey("maxUnavailable")) {
            found.add("spec", "minAvailable and maxUnavailable cannot be both set");
        }
        for (String field : List.of("minAvailable", "maxUnavailable")) {
            Object value = spec.get(field);
            boolean valid = value == null || value instanceof Integer number && number >= 0
                    || value instanceof String text && text.matches("[0-9]+%") && Integer.parseInt(text.replace("%", "")) <= 100;
            found.check("spec." + field, valid ? null : "Invalid value: " + value + ": must be a non-negative integer or"
                    + " a percentage (e.g. '5%') of at most 100%");
        }
        // policy/v1 reads a missing or empty selector as every pod of the namespace.
        Selectors.check(found, "spec.selector", spec.get("selector"), "poddisruptionbudget (it would select every pod of the namespace)");
        found.oneOf("spec.unhealthyPodEvictionPolicy", spec.get("unhealthyPodEvictionPolicy"), "IfHealthyBudget", "AlwaysAllow");
    }

    /** A ConfigMap's data and binaryData, or a Secret's data (base64) and stringData: keys and total size. */
    private static void data(ObjectProblems found, Map<String, Object> document, boolean secret) {
        long size = 0;
        var keys = new HashSet<String>();
        for (String field : secret ? List.of("data", "stringData") : List.of("data", "binaryData")) {
            for (var entry : map(document.get(field)).entrySet()) {
                String key = String.valueOf(entry.getKey());
                found.check(field + "[" + key + "]", KubernetesNames.configMapKey(key));
                if (!keys.add(key) && !secret) {
                    found.add(field + "[" + key + "]", "duplicate of key present in data");
                }
                String value = String.valueOf(entry.getValue());
                boolean encoded = "binaryData".equals(field) || secret && "data".equals(field);
                try {
                    size += encoded ? Base64.getDecoder().decode(value).length : bytes(value);
                } catch (IllegalArgumentException e) {
                    found.add(field + "[" + key + "]", "illegal base64 data: " + e.getMessage());
                }
            }
        }
        if (size > DATA_MAX) {
            found.add(secret ? "data" : "data, binaryData", "Too long: must have at most " + DATA_MAX + " bytes");
        }
    }

    static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
