package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.cluster.ClusterDocument;
import dev.moat.net.IpAddress;
import dev.moat.policy.AddressListKind;
import dev.moat.settings.ClusterDocuments;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsError;
import dev.moat.settings.SettingsFileWatcher;
import dev.moat.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A list with a bad line is refused whole, in either layer, and the list in force stays: one
 * case per list key, through the node's own settings layers.
 */
class SettingsLayersTest {
    private static final HostFacts HOST = new HostFacts("mx.moat.test");
    private static final IpAddress LISTED = IpAddress.parse("192.0.2.9");
    private static final IpAddress ADDED = IpAddress.parse("198.51.100.9");

    @TempDir
    Path dir;

    private static String list(AddressListKind kind, String... entries) {
        return kind.key() + ": |\n  " + String.join("\n  ", entries) + "\n";
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void aClusterWideDocumentWithABadLineLeavesTheListInForce(AddressListKind kind) {
        var refusals = new AtomicInteger();
        var layers = new SettingsLayers(ServerSettings.parse("client-addresses: \"\"\n", HOST).value(),
                refusals::incrementAndGet);
        assertEquals(List.of(), layers.applyCluster(document(1, list(kind, "192.0.2.0/24"))));
        assertTrue(layers.current().list(kind).contains(LISTED));

        List<SettingsError> errors = layers.applyCluster(document(2, list(kind, "192.0.2.0/24", "198.51.100.0/24", "198.51.100.0/99")));

        assertEquals(1, errors.size(), errors::toString);
        assertEquals(4, errors.get(0).line());
        assertTrue(errors.get(0).message().endsWith("198.51.100.0/99"), errors::toString);
        assertEquals(1, refusals.get());
        assertEquals(1, layers.clusterVersion());
        assertTrue(layers.current().list(kind).contains(LISTED));
        assertEquals(false, layers.current().list(kind).contains(ADDED), "nothing of the refused document is used");
    }

    @ParameterizedTest
    @EnumSource(AddressListKind.class)
    void aServerWideFileWithABadLineLeavesTheListInForce(AddressListKind kind) throws Exception {
        Path file = Files.writeString(dir.resolve("moat.yaml"), list(kind, "192.0.2.0/24"));
        var running = SettingsFileWatcher.load(file, HOST).value();
        var layers = new SettingsLayers(running, () -> { });
        var refused = new CopyOnWriteArrayList<List<SettingsError>>();
        try (var watcher = SettingsFileWatcher.start(file, HOST, running, Duration.ofMillis(20), layers::applyServer,
                refused::add)) {
            Files.writeString(file, "# edited\n" + list(kind, "192.0.2.0/24", "198.51.100.0/24", "198.51.100.0/99"));
            Eventually.until("the bad file is refused", () -> !refused.isEmpty());

            assertEquals(5, refused.get(0).get(0).line(), "the line of the file, after the comment: " + refused);
            assertEquals(running.sourceHash(), layers.current().serverVersion());
            assertTrue(layers.current().list(kind).contains(LISTED));
            assertEquals(false, layers.current().list(kind).contains(ADDED));

            Files.writeString(file, list(kind, "192.0.2.0/24", "198.51.100.0/24"));
            Eventually.until("the good file is applied", () -> layers.current().list(kind).contains(ADDED));
        }
    }

    private static ClusterDocument document(long version, String text) {
        return new ClusterDocument(ClusterDocuments.SETTINGS.name(), version, text, "test", 0);
    }
}
