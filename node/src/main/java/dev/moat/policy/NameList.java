package dev.moat.policy;

import java.util.Optional;

/** One DNS-name list of both layers, as the classifier reads it. Immutable and thread-safe. */
public interface NameList {

    boolean isEmpty();

    /** The listing of {@code name}: the layer and the template that matched, or empty. */
    Optional<Listing> match(String name);
}
