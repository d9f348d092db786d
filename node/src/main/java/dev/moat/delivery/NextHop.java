package dev.moat.delivery;

import dev.moat.settings.HostAndPort;
import java.util.Objects;
import java.util.Optional;

/**
 * One named next hop: {@code next-hop} (local mail), {@code relay-host} (the outbound mail of
 * Clients and authenticated users) or a host name of {@code delivery.next-hops}; the setting
 * that names it; and where it is. {@code address} is empty only in spool mode without a
 * {@code delivery.next-hop}; a relay hand-off then uses its own next hop. Two next hops at the
 * same address are one server, so one transaction may go to both.
 */
public record NextHop(String name, String setting, Optional<HostAndPort> address) {
    public static final String LOCAL = "next-hop";
    public static final String RELAY_HOST = "relay-host";

    public NextHop {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(address, "address");
    }

    /** The delivery's own next hop, wherever it was told it is. */
    public static NextHop local() {
        return new NextHop(LOCAL, "delivery.next-hop", Optional.empty());
    }

    /** Whether mail for both goes to one server. */
    public boolean sameServerAs(NextHop other) {
        return address.equals(other.address);
    }

    /** {@code partner.example (delivery.next-hops: 127.0.0.1:2526)}, as logs and the route trace say it. */
    @Override
    public String toString() {
        return name + " (" + setting + address.map(a -> ": " + a).orElse("") + ")";
    }
}
