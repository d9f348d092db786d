package dev.moat.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the node should receive traffic, with one reason per part it checked (for example
 * {@code cluster: joined}, {@code settings: version 7 applied}), shown by {@code /health/ready}.
 */
public record Readiness(boolean ready, Map<String, String> reasons) {

    public Readiness {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }
}
