package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed node can be collected: nothing the JVM or a stopped Hazelcast instance keeps (the
 * garbage collector beans' notification listeners, the thread local in which Hazelcast keeps the
 * last instance that ran an operation on this thread, that instance's user context and
 * lifecycle listeners) still holds the node, its member or its meter registry once it has
 * closed. A JVM that starts many nodes one after another (this suite, an embedding program)
 * otherwise keeps every one of them.
 */
class NodeReleaseTest {
    @TempDir
    Path dir;

    @Test
    void aClosedNodeIsCollectedWithItsMemberAndItsMeters() throws Exception {
        try (var sink = new SmtpSink()) {
            var parts = runAndClose(sink);
            Eventually.within(Duration.ofSeconds(30), () -> {
                System.gc();
                for (var part : parts) {
                    assertNull(part.get(), "still reachable after close: " + part.get());
                }
            });
        }
    }

    /**
     * Starts a relay node on this thread (so the thread's Hazelcast thread local points at its
     * member), passes one message through it, closes it, and returns weak references only.
     */
    private List<WeakReference<Object>> runAndClose(SmtpSink sink) throws Exception {
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, TestNode.relayTo(sink.port()));
        var node = nodes.start(1);
        RawSmtp.oneMessage(TestNode.smtpPort(node), "alice@moat.test", "bob@remote.example");
        assertEquals(1, sink.messages().size());
        var parts = List.<WeakReference<Object>>of(new WeakReference<>(node), new WeakReference<>(node.member()),
                new WeakReference<>(node.registry()));
        node.close();
        return parts;
    }
}
