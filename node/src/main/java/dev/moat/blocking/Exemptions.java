package dev.moat.blocking;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.ListenerSettings;
import java.util.Optional;

/**
 * The addresses temporary blocking never counts against (chapter and NOTES, "Temporary
 * blocking"): White Holes, the temporarily unblockable, loopback and this node's own
 * addresses, and the trusted proxies of any listener (a balancer would otherwise block every
 * sender behind it). A balancer's own PROXY {@code LOCAL} connection reports no events at all,
 * and neither does a connection whose PROXY header failed. {@link #of} names the kind, as the
 * meter {@code moat.blocking.exempt} counts it.
 */
public final class Exemptions {
    private final AddressSet localAddresses;

    /** {@code localAddresses}: this node's own interface addresses. */
    public Exemptions(AddressSet localAddresses) {
        this.localAddresses = localAddresses;
    }

    /** Why {@code address} is never blocked ({@code loopback}, {@code local}, {@code trusted-proxy}, {@code white-hole}, {@code unblockable}), or empty. */
    public Optional<String> of(IpAddress address, EffectiveSettings settings, TemporaryLists lists) {
        if (Prefixes.isLoopback(address)) {
            return Optional.of("loopback");
        }
        if (localAddresses.contains(address)) {
            return Optional.of("local");
        }
        for (ListenerSettings listener : settings.server().smtp().listeners()) {
            if (listener.proxyProtocol() && listener.trustedProxies().addresses().contains(address)) {
                return Optional.of("trusted-proxy");
            }
        }
        if (settings.whiteHoleAddresses().contains(address)) {
            return Optional.of("white-hole");
        }
        if (lists.get(TemporaryList.UNBLOCKABLE, address.toString()).isPresent()) {
            return Optional.of("unblockable");
        }
        return Optional.empty();
    }
}
