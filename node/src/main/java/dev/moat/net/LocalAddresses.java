package dev.moat.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;

/**
 * This machine's own addresses: every address of every network interface that is up, the
 * loopback ones included, compiled into a set. They are what the chapter calls the "local
 * address of your Server" (a listener can only bind to one of them). Read once, at start.
 */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** The interface addresses now; an empty set when the system will not list them. */
    public static AddressSet ofThisMachine() {
        AddressSet.Builder builder = AddressSet.builder();
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface network = interfaces.nextElement();
                if (!network.isUp()) {
                    continue;
                }
                for (Enumeration<InetAddress> addresses = network.getInetAddresses(); addresses.hasMoreElements(); ) {
                    IpAddress address = IpAddress.of(addresses.nextElement());
                    builder.include(address, address, 1);
                }
            }
        } catch (SocketException e) {
            return AddressSet.empty();
        }
        return builder.build();
    }
}
