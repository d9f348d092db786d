package dev.moat.policy;

import dev.moat.net.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the classifier found about a client address: its status and the reason, the Local or
 * LAN prefix, whether its sessions are logged command by command (the Debug list), and the
 * reverse name when one was looked up to decide (none yet: DNS-name lists come later).
 */
public record Classification(AddressStatus status, Reason reason, AddressPrefix prefix, boolean debug,
        Optional<String> reverseName) {

    public Classification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(reverseName, "reverseName");
    }

    /** A load balancer's own connection (PROXY LOCAL or UNKNOWN): a Stranger, never a Client. */
    public static Classification balancer() {
        return new Classification(AddressStatus.STRANGER, new Reason.BalancerConnection(), AddressPrefix.NONE, false,
                Optional.empty());
    }

    /**
     * The Test Address line of the chapter, as settled by the notes:
     * {@code [192.0.2.7] is Blacklisted}, {@code LAN [192.168.1.10](host1.lan) is Client},
     * {@code Local [127.0.0.1] is Client}.
     */
    public String line(IpAddress address) {
        StringBuilder line = new StringBuilder(64);
        if (prefix != AddressPrefix.NONE) {
            line.append(prefix.label()).append(' ');
        }
        line.append('[').append(address).append(']');
        reverseName.ifPresent(name -> line.append('(').append(name).append(')'));
        return line.append(" is ").append(status.label()).toString();
    }
}
