package dev.moat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The claims the dead-port tests rest on, checked against this machine's kernel: a reserved
 * port refuses a connect at once, no server (even one asking for {@code SO_REUSEADDR}, as
 * {@link ServerSocket} does) can take it while it is held, and a closed server's port is
 * reclaimed while one still listening is not.
 */
class DeadPortTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aConnectToAReservedPortIsRefused() throws IOException {
        try (var dead = DeadPort.reserve(); var client = new Socket()) {
            assertEquals(LOOPBACK, dead.address());
            assertThrows(ConnectException.class, () -> client.connect(dead.socketAddress(), 2_000));
        }
    }

    @Test
    void noServerCanBindAReservedPortOnItsAddress() throws IOException {
        try (var dead = DeadPort.reserve()) {
            assertThrows(BindException.class, () -> new ServerSocket(dead.port(), 50, LOOPBACK).close());
            var reusing = new ServerSocket();
            reusing.setReuseAddress(true);
            assertThrows(BindException.class, () -> reusing.bind(dead.socketAddress()));
            reusing.close();
        }
    }

    @Test
    void aPortOnAnotherLoopbackAddressIsReservedThereAlone() throws IOException {
        try (var server = new ServerSocket(0, 50, LOOPBACK);
                var dead = DeadPort.reserve(InetAddress.getByName("127.0.0.2"), server.getLocalPort());
                var client = new Socket()) {
            assertEquals(server.getLocalPort(), dead.port());
            assertThrows(ConnectException.class, () -> client.connect(dead.socketAddress(), 2_000));
            try (var reachesTheServer = new Socket(LOOPBACK, server.getLocalPort())) {
                assertTrue(reachesTheServer.isConnected());
            }
        }
    }

    @Test
    void aClosedServersPortIsReclaimedAndThenRefused() throws IOException {
        var server = new ServerSocket(0, 50, LOOPBACK);
        int port = server.getLocalPort();
        server.close();

        try (var dead = DeadPort.reclaim(LOOPBACK, port, Duration.ofSeconds(2)); var client = new Socket()) {
            assertEquals(port, dead.port());
            assertThrows(ConnectException.class, () -> client.connect(new InetSocketAddress(LOOPBACK, port), 2_000));
        }
    }

    @Test
    void aPortAServerStillListensOnIsNotReclaimedAndTheErrorNamesIt() throws IOException {
        try (var server = new ServerSocket(0, 50, LOOPBACK)) {
            var error = assertThrows(AssertionError.class,
                    () -> DeadPort.reclaim(LOOPBACK, server.getLocalPort(), Duration.ofMillis(100)));
            assertTrue(error.getMessage().startsWith("127.0.0.1:" + server.getLocalPort() + " is held by another socket"),
                    error.getMessage());
        }
    }
}
