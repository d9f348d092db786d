package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.cluster.ClusterSecret.MacCheck;
import dev.moat.net.IpAddress;
import dev.moat.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real members on loopback with the same and with different cluster secrets: what one signs,
 * the others apply only when they hold its secret, whatever the document or entry.
 */
class ClusterSecretTest {
    private static final String SETTINGS = "settings";
    private static final String INITIAL = DocumentStore.initialText(SETTINGS).orElseThrow();

    @TempDir
    Path dir;

    @Test
    void membersWithTheSameSecretShareDocumentsAndTemporaryClientsAndOneWithAnotherSecretAppliesNeither() {
        try (var cluster = new LoopbackCluster(dir, 3)) {
            var firstEvents = new RecordingEvents();
            var thirdEvents = new RecordingEvents();
            var first = cluster.start(cluster.options(1), firstEvents);
            var second = cluster.start(2);
            var third = cluster.start(cluster.options(3, LoopbackCluster.newSecret()), thirdEvents);
            Eventually.until("all three joined", () -> third.memberCount() == 3);
            first.documents().seed(SETTINGS, INITIAL);
            second.documents().seed(SETTINGS, INITIAL);
            assertEquals(0, third.documents().seed(SETTINGS, INITIAL).version(), "it runs its own first version");
            assertEquals(1, thirdEvents.count(ClusterEvents.DOCUMENT), "it refused the cluster's");

            first.documents().replace(SETTINGS, 0, "client-addresses: 192.0.2.1\n", "alice");
            first.temporaryClients().add(IpAddress.parse("192.0.2.7"), Duration.ofMinutes(1), 10);
            third.temporaryClients().add(IpAddress.parse("192.0.2.8"), Duration.ofMinutes(1), 10);

            Eventually.until("the second applied version 1",
                    () -> second.documents().get(SETTINGS).orElseThrow().version() == 1);
            Eventually.until("the second has the first's Temporary Client",
                    () -> second.temporaryClients().contains(IpAddress.parse("192.0.2.7")));
            Eventually.until("the third refused version 1", () -> thirdEvents.count(ClusterEvents.DOCUMENT) == 2);
            Eventually.until("the third refused the Temporary Client",
                    () -> thirdEvents.count(ClusterEvents.TEMPORARY_CLIENT) == 1);
            Eventually.until("the first refused the third's Temporary Client",
                    () -> firstEvents.count(ClusterEvents.TEMPORARY_CLIENT) == 1);
            assertEquals(0, third.documents().get(SETTINGS).orElseThrow().version());
            assertFalse(third.temporaryClients().contains(IpAddress.parse("192.0.2.7")));
            assertFalse(first.temporaryClients().contains(IpAddress.parse("192.0.2.8")));
            assertFalse(second.temporaryClients().contains(IpAddress.parse("192.0.2.8")));
            assertEquals(1, second.temporaryClients().size());
        }
    }

    @Test
    void anUnsignedCopyFromBeforeSecretsIsSignedAndOfferedWhenTheClusterHoldsNoSignedVersion() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 1)) {
            writeCopy(cluster.dataDir(1), "# moat-document name=settings version=3 updated-by=alice\nupgraded: yes\n");

            var member = cluster.start(1);
            ClusterDocument seeded = member.documents().seed(SETTINGS, INITIAL);

            assertEquals(3, seeded.version());
            assertEquals("upgraded: yes\n", seeded.text());
            assertEquals(MacCheck.SIGNED, new Signatures(cluster.secret()).check(member.documents().get(SETTINGS).orElseThrow()));
            assertTrue(Files.readString(copy(cluster.dataDir(1))).lines().findFirst().orElseThrow().contains(" mac="),
                    "the copy on disk is signed now");
        }
    }

    @Test
    void aCopyWithAWrongMacIsIgnoredAndTheClusterConfigTextIsSignedInstead() throws Exception {
        try (var cluster = new LoopbackCluster(dir, 1)) {
            var other = new Signatures(LoopbackCluster.newSecret());
            writeCopy(cluster.dataDir(1), DocumentFile.render(other.sign(
                    new ClusterDocument(SETTINGS, 7, "client-addresses: 0.0.0.0/0\n", "eve", 1))));

            var member = cluster.start(1);
            ClusterDocument seeded = member.documents().seed(SETTINGS, INITIAL);

            assertEquals(0, seeded.version());
            assertEquals(INITIAL, seeded.text());
            assertEquals(MacCheck.SIGNED, new Signatures(cluster.secret()).check(seeded));
        }
    }

    @Test
    void aMemberWithANewSecretFirstSignsAgainWhatThePreviousSecretSigned() {
        try (var cluster = new LoopbackCluster(dir, 3)) {
            String oldSecret = LoopbackCluster.newSecretText();
            String newSecret = LoopbackCluster.newSecretText();
            var first = cluster.start(cluster.options(1, ClusterSecret.parse(oldSecret + " " + newSecret)),
                    ClusterEvents.NONE);
            first.documents().seed(SETTINGS, INITIAL);
            first.documents().replace(SETTINGS, 0, "round: 1\n", "alice");

            var second = cluster.start(cluster.options(2, ClusterSecret.parse(newSecret + "," + oldSecret)),
                    ClusterEvents.NONE);
            assertEquals(1, second.documents().seed(SETTINGS, INITIAL).version());

            var onlyNew = new Signatures(ClusterSecret.parse(newSecret));
            Eventually.until("the cluster's version 1 is signed with the new secret",
                    () -> onlyNew.check(first.documents().get(SETTINGS).orElseThrow()) == MacCheck.SIGNED);
            var third = cluster.start(cluster.options(3, ClusterSecret.parse(newSecret)), ClusterEvents.NONE);
            assertEquals("round: 1\n", third.documents().seed(SETTINGS, INITIAL).text(),
                    "a member with the new secret alone applies it");
        }
    }

    private static Path copy(Path dataDir) {
        return dataDir.resolve("cluster-documents").resolve("settings.yaml");
    }

    private static void writeCopy(Path dataDir, String content) throws Exception {
        Files.createDirectories(copy(dataDir).getParent());
        Files.writeString(copy(dataDir), content);
    }
}
