package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar keeps netty-all (the user's choice) but not the parts Moat never loads: no
 * QUIC or HTTP/3 classes, and of the native libraries only the Linux epoll transports for
 * x86_64 and aarch64, which the node uses where it can (no QUIC, io_uring, kqueue, macOS DNS or
 * RISC-V library; the few io_uring and kqueue classes stay, they load nothing). The README
 * states the jar's size; this keeps it from growing back past 50 MB unnoticed.
 */
class ShadedJarIT {
    private static final long MAX_BYTES = 50_000_000;

    @Test
    void theJarLeavesOutTheNettyPartsMoatNeverLoads() throws IOException {
        var jar = Path.of(System.getProperty("moat.jar"));
        var leftIn = new TreeSet<String>();
        var natives = new TreeSet<String>();
        try (var file = new JarFile(jar.toFile())) {
            file.stream().map(e -> e.getName()).forEach(name -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("io/netty/") && (lower.contains("/quic/") || lower.contains("/http3/"))) {
                    leftIn.add(name.substring(0, name.lastIndexOf('/') + 1));
                }
                if (lower.startsWith("meta-inf/native/") && !lower.endsWith("/")) {
                    natives.add(name.substring("META-INF/native/".length()));
                }
            });
        }
        assertEquals(new TreeSet<>(), leftIn, "netty packages Moat never loads");
        assertEquals(new TreeSet<>(List.of("libnetty_transport_native_epoll_aarch_64.so",
                "libnetty_transport_native_epoll_x86_64.so")), natives, "netty's native libraries in the jar");
        long size = Files.size(jar);
        assertTrue(size < MAX_BYTES, "the jar is " + size + " bytes");
    }
}
