package dev.moat.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/**
 * One small object as YAML, read as Helm and kubectl read it, and what {@link
 * KubernetesValidation} finds in it. The object must pass the typed schema ({@link
 * KubernetesSchema}) first, so that what a case breaks is a validation rule and not a field
 * name or type.
 */
final class ValidationFixture {
    private ValidationFixture() {
    }

    static List<String> problems(String yaml) {
        var documents = KubernetesSchema.read(yaml);
        assertEquals(1, documents.size(), "one object");
        assertEquals(List.of(), KubernetesSchema.problems(documents.get(0)), "the case passes the typed schema");
        return KubernetesValidation.problems(documents.get(0));
    }

    /** A Pod named p whose spec is {@code spec} (YAML indented for under {@code spec:}). */
    static List<String> pod(String spec) {
        return problems("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + spec.indent(2));
    }
}
