package dev.moat.policy;

/** Where a setting was written: this node's file, or the document shared by the cluster. */
public enum SettingsLayer {
    SERVER_WIDE("server-wide"),
    CLUSTER_WIDE("cluster-wide");

    private final String label;

    SettingsLayer(String label) {
        this.label = label;
    }

    /** {@code server-wide} or {@code cluster-wide}, as reasons and the API show it. */
    public String label() {
        return label;
    }
}
