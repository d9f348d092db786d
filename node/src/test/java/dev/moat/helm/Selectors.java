package dev.moat.helm;

import static dev.moat.helm.KubernetesValidation.list;
import static dev.moat.helm.KubernetesValidation.map;

import java.util.List;
import java.util.Map;

/**
 * Label selectors as the API server validates them (metav1 validation's ValidateLabelSelector:
 * matchLabels keys and values, matchExpressions keys, operators and values) and as
 * labels.Selector matches them, for a workload's selector against its template's labels.
 */
final class Selectors {
    private Selectors() {
    }

    /**
     * Checks {@code selector} at {@code path}; one a workload requires ({@code owner} not null)
     * must be present and select something. True when it is valid and not empty.
     */
    static boolean check(ObjectProblems found, String path, Object selector, String owner) {
        if (selector == null && owner != null) {
            found.add(path, "Required value");
            return false;
        }
        int before = found.count();
        Map<?, ?> labels = map(Manifests.at(selector, "matchLabels"));
        KubernetesValidation.labels(found, path + ".matchLabels", labels);
        List<?> expressions = list(Manifests.at(selector, "matchExpressions"));
        for (int i = 0; i < expressions.size(); i++) {
            String at = path + ".matchExpressions[" + i + "]";
            Object key = Manifests.at(expressions.get(i), "key");
            found.check(at + ".key", key instanceof String text ? KubernetesNames.qualifiedName(text) : "Required value");
            Object operator = Manifests.at(expressions.get(i), "operator");
            int values = list(Manifests.at(expressions.get(i), "values")).size();
            if ("In".equals(operator) || "NotIn".equals(operator)) {
                found.check(at + ".values", values == 0 ? "Required value: must be specified when `operator` is 'In' or 'NotIn'" : null);
            } else if ("Exists".equals(operator) || "DoesNotExist".equals(operator)) {
                found.check(at + ".values", values > 0 ? "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" : null);
            } else {
                found.add(at + ".operator", "Unsupported value: \"" + operator + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
            }
        }
        if (owner != null && labels.isEmpty() && expressions.isEmpty()) {
            found.add(path, "Invalid value: empty selector is invalid for " + owner);
            return false;
        }
        return found.count() == before;
    }

    /** Whether a valid {@code selector} selects an object with {@code labels}. */
    static boolean matches(Object selector, Map<?, ?> labels) {
        for (var required : map(Manifests.at(selector, "matchLabels")).entrySet()) {
            if (!String.valueOf(required.getValue()).equals(String.valueOf(labels.get(required.getKey())))) {
                return false;
            }
        }
        for (Object expression : list(Manifests.at(selector, "matchExpressions"))) {
            Object value = labels.get(Manifests.at(expression, "key"));
            boolean listed = value != null && list(Manifests.at(expression, "values")).contains(String.valueOf(value));
            Object operator = Manifests.at(expression, "operator");
            boolean holds = "In".equals(operator) ? listed : "NotIn".equals(operator) ? !listed
                    : "Exists".equals(operator) == (value != null);
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
