package dev.moat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ports {@link ProgramPorts} hands to programs, and its tries again when a program does not come up. */
class ProgramPortsTest {

    @Test
    void thePortsAreDistinctBelowTheEphemeralRangeAndFreeForTcpAndUdp() throws IOException {
        int[] ports = ProgramPorts.free(3);

        assertEquals(3, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            assertTrue(port >= 20_000 && port < 30_000, "below the ephemeral range: " + port);
            try (var tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    var udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                assertEquals(port, tcp.getLocalPort());
                assertEquals(port, udp.getLocalPort());
            }
        }
    }

    @Test
    void aProgramThatDidNotComeUpIsStartedAgainOnFreshPorts() throws Exception {
        List<int[]> tried = new ArrayList<>();
        String started = ProgramPorts.start(2, ports -> {
            tried.add(ports);
            if (tried.size() < 3) {
                throw new IOException("could not bind " + ports[0]);
            }
            return "up on " + ports[0] + " and " + ports[1];
        });

        assertEquals(3, tried.size());
        assertEquals("up on " + tried.get(2)[0] + " and " + tried.get(2)[1], started);
    }

    @Test
    void afterThreeFailuresTheLastOneIsThrown() {
        List<Integer> tried = new ArrayList<>();
        var error = assertThrows(AssertionError.class, () -> ProgramPorts.start(1, ports -> {
            tried.add(ports[0]);
            throw new AssertionError("exited, try " + tried.size());
        }));

        assertEquals("exited, try 3", error.getMessage());
        assertEquals(3, tried.size());
    }
}
