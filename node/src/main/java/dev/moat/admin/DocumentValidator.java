package dev.moat.admin;

import java.util.List;

/**
 * Checks a cluster-wide document before it is stored; the node plugs in the settings parser.
 * A document with any error is refused as a whole.
 */
@FunctionalInterface
public interface DocumentValidator {

    /** Every error in {@code text} as document {@code documentName}; empty when it is valid. */
    List<ValidationError> validate(String documentName, String text);
}
