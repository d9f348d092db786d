package dev.moat.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The Kubernetes API schema, offline: a rendered object is read into fabric8's typed model of
 * its apiVersion and kind (core, apps, policy and networking, and the Prometheus Operator's
 * monitoring.coreos.com), as strictly as the API server decodes it. A field its type does not
 * have (fabric8 keeps those in each object's additional properties; this walks the whole parsed
 * graph for them), a value of the wrong JSON type (a string where an integer belongs, a number or
 * boolean where a string belongs, a fraction for an integer) and a kind that has no typed model
 * are each a problem, named by the object's kind/name and the JSON path of the field. The text is
 * read as Helm and kubectl read it (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 booleans), so a
 * plain {@code on} or {@code yes} is the boolean it becomes on its way to the API server.
 */
final class KubernetesSchema {
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** The plain scalars go-yaml v2 reads as booleans, beyond YAML 1.2's true and false. */
    private static final Pattern YAML11_BOOLEAN =
            Pattern.compile("y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Set<String> YAML11_TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
            "on", "On", "ON");

    private KubernetesSchema() {
    }

    /** The objects of a rendered text (several YAML documents), read as Kubernetes' YAML reader reads them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> read(String text) {
        var objects = new ArrayList<Map<String, Object>>();
        for (Object document : new Load(LoadSettings.builder().setSchema(new Yaml11Booleans()).build())
                .loadAllFromString(text)) {
            if (document instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return objects;
    }

    /** YAML 1.2's core schema with go-yaml v2's booleans. */
    private static final class Yaml11Booleans extends CoreSchema {
        @Override
        public ScalarResolver getScalarResolver() {
            ScalarResolver core = super.getScalarResolver();
            return (value, implicit) -> implicit && YAML11_BOOLEAN.matcher(value).matches()
                    ? Tag.BOOL : core.resolve(value, implicit);
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            var constructors = new HashMap<>(super.getSchemaTagConstructors());
            constructors.put(Tag.BOOL, node -> YAML11_TRUE.contains(((ScalarNode) node).getValue()));
            return constructors;
        }
    }

    /** What the API server would refuse in {@code document} (one object as plain YAML); empty when none. */
    static List<String> problems(Map<String, Object> document) {
        String object = document.get("kind") + "/" + Manifests.at(document, "metadata.name");
        KubernetesResource typed;
        try {
            typed = STRICT.convertValue(document, KubernetesResource.class);
        } catch (IllegalArgumentException e) {
            return List.of(object + ": " + wrongType(e));
        }
        if (typed instanceof GenericKubernetesResource) {
            return List.of(object + ": no typed model of " + document.get("apiVersion") + " " + document.get("kind"));
        }
        var problems = new ArrayList<String>();
        unknownFields(typed, "", object, problems);
        return problems;
    }

    /** Jackson's refusal as the JSON path it happened at and what it expected. */
    private static String wrongType(IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return e.getMessage();
        }
        var path = new StringBuilder();
        for (JsonMappingException.Reference step : mapping.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        String reason = mapping.getOriginalMessage().lines().findFirst().orElse("");
        int hint = reason.indexOf(" (but might if coercion");
        reason = hint < 0 ? reason : reason.substring(0, hint);
        return "wrong type at " + path + ": " + reason;
    }

    /** Walks the parsed graph and names every field some object of the model kept as unknown. */
    private static void unknownFields(Object value, String path, String object, List<String> problems) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", object, problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, join(path, String.valueOf(key)), object, problems));
        } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
            for (Object unknown : additionalProperties(value).keySet()) {
                problems.add(object + ": unknown field " + join(path, String.valueOf(unknown))
                        + " (" + value.getClass().getSimpleName() + " has no such field)");
            }
            var bean = STRICT.getSerializationConfig().introspect(STRICT.constructType(value.getClass()));
            for (var property : bean.findProperties()) {
                if (property.hasGetter() && !"additionalProperties".equals(property.getName())) {
                    unknownFields(property.getGetter().getValue(value), join(path, property.getName()), object, problems);
                }
            }
        }
    }

    private static Map<?, ?> additionalProperties(Object modelObject) {
        try {
            Object found = modelObject.getClass().getMethod("getAdditionalProperties").invoke(modelObject);
            return found instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
