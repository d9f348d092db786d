package dev.moat.net;

/** A compiled, immutable set of IP addresses, searched by binary search. */
public final class AddressSet {
    private AddressSet() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static AddressSet empty() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public boolean contains(IpAddress address) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public AddressSet union(AddressSet other) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
