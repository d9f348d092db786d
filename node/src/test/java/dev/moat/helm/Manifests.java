package dev.moat.helm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests Helm rendered, read as plain YAML (maps, lists, scalars) and found by kind and
 * name. {@link #at} walks a dotted path through them, with list positions as numbers, so a
 * test names what it checks the way {@code kubectl get -o jsonpath} would.
 */
final class Manifests {
    private final List<Map<String, Object>> documents;

    private Manifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    static Manifests parse(String text) {
        var documents = new ArrayList<Map<String, Object>>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
            if (document instanceof Map<?, ?> map) {
                documents.add((Map<String, Object>) map);
            }
        }
        return new Manifests(documents);
    }

    /** One YAML document as plain maps, lists and scalars. */
    static Object yaml(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
                .findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail("no " + kind + " " + name + " among " + names()));
    }

    List<String> names() {
        return documents.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
    }

    /** The value at a dotted path ({@code spec.ports.0.name}), or null when any step is missing. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(step) < list.size()) {
                current = list.get(Integer.parseInt(step));
            } else {
                return null;
            }
        }
        return current;
    }

    /** The map in a list of maps whose {@code key} is {@code value}, such as a port by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> named(Object list, String key, Object value) {
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map && value.equals(map.get(key))) {
                    return (Map<String, Object>) map;
                }
            }
        }
        return fail("no entry with " + key + " " + value + " in " + list);
    }
}
