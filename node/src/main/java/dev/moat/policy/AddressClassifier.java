package dev.moat.policy;

import dev.moat.net.IpAddress;
import dev.moat.settings.EffectiveSettings;

/**
 * Gives a client address its status, once per session (the SMTP gate) and on demand (the
 * Test Address answer), from the settings snapshot alone: it never blocks and never leaves
 * the JVM. Order, as settled by {@code spec/NOTES.md} "Address status": Denied, Temporarily
 * Blocked, Client, Temporary Client, White Hole, Blacklisted, Stranger. This release knows the
 * Client list; the other lists slot in at their place in {@link #classify}.
 */
public final class AddressClassifier {
    private final TemporaryClients temporaryClients;

    public AddressClassifier() {
        this(TemporaryClients.NONE);
    }

    public AddressClassifier(TemporaryClients temporaryClients) {
        this.temporaryClients = temporaryClients;
    }

    public Classification classify(IpAddress address, EffectiveSettings settings) {
        if (settings.clientAddresses().contains(address)) {
            return new Classification(AddressStatus.CLIENT, "listed in Client IP Addresses");
        }
        if (temporaryClients.contains(address)) {
            return new Classification(AddressStatus.TEMPORARY_CLIENT,
                    "a user with the Relay service authenticated from it recently");
        }
        return new Classification(AddressStatus.STRANGER, "not listed");
    }
}
