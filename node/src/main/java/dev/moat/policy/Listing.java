package dev.moat.policy;

import java.util.Objects;

/**
 * Why an address is in an effective list: the list, the layer that lists it, and the list's
 * line that put it there (1-based, counted from the list's own first line) as written.
 */
public record Listing(ListKind list, SettingsLayer layer, int line, String entry) {
    public Listing {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(entry, "entry");
    }

    /** {@code Blacklisted IP Addresses (server-wide blacklisted-addresses, line 3: 192.0.2.0/24)}. */
    public String describe() {
        return list.title() + " (" + layer.label() + " " + list.key() + ", line " + line + ": " + entry + ")";
    }
}
