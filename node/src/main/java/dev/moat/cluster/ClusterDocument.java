package dev.moat.cluster;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of a cluster-wide document (such as {@code settings}): its name, a version that
 * grows by one with every change, the YAML text verbatim, who changed it and when, and the MAC
 * of all of these made with the cluster secret ({@link Signatures}; empty when unsigned).
 * Version 0 is the text a cluster starts from. In the cluster it travels as a Compact record
 * ({@link ClusterDocumentSerializer}) rather than Java or IdentifiedDataSerializable
 * serialization, because Compact fields are read by name from a schema the cluster shares:
 * during a rolling upgrade a newer member may add a field and an older member still reads the
 * ones it knows, and the stable type name keeps the Java class free to move or be renamed.
 */
public record ClusterDocument(String name, long version, String text, String updatedBy, long updatedAtMillis,
        String mac) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public ClusterDocument {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not a document name: " + name);
        }
        if (version < 0) {
            throw new IllegalArgumentException("negative version: " + version);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(updatedBy, "updatedBy");
        mac = mac == null ? "" : mac;
    }

    /** An unsigned version. */
    public ClusterDocument(String name, long version, String text, String updatedBy, long updatedAtMillis) {
        this(name, version, text, updatedBy, updatedAtMillis, "");
    }

    /** This version with {@code newMac} in place of its MAC. */
    ClusterDocument withMac(String newMac) {
        return new ClusterDocument(name, version, text, updatedBy, updatedAtMillis, newMac);
    }

    /** Whether it carries a MAC at all (right or wrong). */
    boolean signed() {
        return !mac.isEmpty();
    }

    /**
     * Whether {@code name} can name a document: lower-case letters, digits and dashes, starting
     * with a letter, so that it is also a safe file name.
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** What a document that was never stored reads as: version 0 with no text. */
    static ClusterDocument absent(String name) {
        return new ClusterDocument(name, 0, "", "", 0);
    }
}
