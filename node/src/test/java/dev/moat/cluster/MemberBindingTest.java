package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.DeadPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a real member listens: on its bind address alone, so another address of the same host
 * (127.0.0.2 stands for one here) finds no port, unless the settings say every interface.
 */
class MemberBindingTest {
    @TempDir
    Path dir;

    @Test
    void aMemberBoundToLoopbackListensThereAndNowhereElse() throws IOException {
        try (var cluster = new LoopbackCluster(dir, 1)) {
            var member = cluster.start(1);
            int port = port(member);

            assertEquals("127.0.0.1:" + port, member.localAddress());
            try (var socket = connect("127.0.0.1", port)) {
                assertTrue(socket.isConnected());
            }
            // Held without listening, 127.0.0.2 on the member's port refuses connections unless
            // the member listens there too (then the reservation fails), whoever else is running.
            try (var elsewhere = DeadPort.reserve(InetAddress.getByName("127.0.0.2"), port)) {
                assertThrows(ConnectException.class, () -> connect("127.0.0.2", port).close());
            }
        }
    }

    @Test
    void aMemberBoundToTheWildcardListensOnEveryAddress() throws IOException {
        try (var cluster = new LoopbackCluster(dir, 1)) {
            var loopback = cluster.options(1);
            var member = cluster.start(new ClusterOptions(loopback.clusterName(), loopback.port(), loopback.members(),
                    null, "node-1", loopback.dataDir(), "0.0.0.0", loopback.secret()), ClusterEvents.NONE);

            try (var socket = connect("127.0.0.2", port(member))) {
                assertTrue(socket.isConnected(), "the test above can fail");
            }
        }
    }

    private static int port(ClusterMember member) {
        String address = member.localAddress();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static Socket connect(String host, int port) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 2_000);
        return socket;
    }
}
