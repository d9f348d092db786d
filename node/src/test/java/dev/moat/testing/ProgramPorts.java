package dev.moat.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a program a test starts that must be told its port and cannot report one it chose
 * (haproxy, rbldnsd, dnsmasq, spamd): each free now on 127.0.0.1 for both TCP and UDP, and taken
 * at random between 20000 and 30000, below the kernel's ephemeral range, so no socket of any
 * process is given it by a bind to port 0 or an outgoing connect between the probe and the
 * program's own bind. {@link #start} tries a program that did not come up again on fresh ports:
 * another test could still have chosen the same port in that moment.
 */
public final class ProgramPorts {
    private static final int ATTEMPTS = 3;

    /** Starts a program on {@code ports}; throws when it did not come up. */
    @FunctionalInterface
    public interface Start<T> {
        T on(int... ports) throws IOException, InterruptedException;
    }

    private ProgramPorts() {
    }

    /** {@code start} on {@code count} free ports, tried up to three times with fresh ones; the last failure if none came up. */
    public static <T> T start(int count, Start<T> start) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.on(free(count));
            } catch (IOException | AssertionError e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** {@code count} distinct ports free now for TCP and UDP on 127.0.0.1, below the ephemeral range. */
    public static int[] free(int count) {
        int[] ports = new int[count];
        int found = 0;
        for (int tries = 0; found < count && tries < 1000; tries++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (isFree(port) && !contains(ports, found, port)) {
                ports[found++] = port;
            }
        }
        if (found < count) {
            throw new IllegalStateException("no " + count + " free ports between 20000 and 30000");
        }
        return ports;
    }

    private static boolean isFree(int port) {
        var loopback = InetAddress.getLoopbackAddress();
        try (var tcp = new ServerSocket(port, 1, loopback);
                var udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(int[] ports, int length, int port) {
        for (int i = 0; i < length; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }
}
