package dev.moat.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Facts about the machine that settings default to, passed in so that parsing stays a pure
 * function of its text: the host name names the node, the SMTP greeting and a local domain
 * when the settings leave them empty.
 */
public record HostFacts(String hostName) {
    public HostFacts {
        Objects.requireNonNull(hostName, "hostName");
        if (hostName.isBlank()) {
            throw new IllegalArgumentException("host name is blank");
        }
    }

    /** This machine's name as the operating system reports it, or {@code localhost}. */
    public static HostFacts ofThisMachine() {
        try {
            return new HostFacts(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return new HostFacts("localhost");
        }
    }
}
