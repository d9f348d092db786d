package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This member's durable copies of the documents. */
class DurableDocumentsTest {

    private final Signatures signatures = new Signatures(LoopbackCluster.newSecret());

    @TempDir
    Path dir;

    @Test
    void aKeptVersionReadsBackWithItsMacAndLeavesNoTemporaryFile() throws IOException {
        DurableDocuments copies = new DurableDocuments(dir.resolve("cluster-documents"), signatures);

        copies.keep(document(3, "a: 3\n"));

        ClusterDocument read = new DurableDocuments(copies.folder(), signatures).read("settings").orElseThrow();
        assertEquals(document(3, "a: 3\n"), read);
        assertTrue(signatures.check(read).valid());
        try (var files = Files.list(copies.folder())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void copiesAreOwnerOnlyInAnOwnerOnlyFolderAndALooserCopyIsTightenedByTheNextWrite() throws IOException {
        DurableDocuments copies = new DurableDocuments(dir.resolve("new/cluster-documents"), signatures);
        copies.keep(document(1, "a: 1\n"));
        Path copy = copies.folder().resolve("settings.yaml");

        assertEquals("rwx------", mode(copies.folder()));
        assertEquals("rwx------", mode(dir.resolve("new")));
        assertEquals("rw-------", mode(copy));

        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        copies.keep(document(2, "a: 2\n"));
        assertEquals("rw-------", mode(copy));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aCopyNeverGoesBackInTime() {
        DurableDocuments copies = new DurableDocuments(dir, signatures);
        copies.keep(document(5, "a: 5\n"));

        DurableDocuments afterRestart = new DurableDocuments(dir, signatures);
        afterRestart.keep(document(4, "a: 4\n"));
        afterRestart.keep(document(5, "a: other\n"));

        assertEquals("a: 5\n", afterRestart.read("settings").orElseThrow().text());
    }

    @Test
    void theSameVersionSignedWithANewSecretReplacesTheCopy() {
        DurableDocuments copies = new DurableDocuments(dir, signatures);
        copies.keep(document(5, "a: 5\n"));
        ClusterSecret rotated = ClusterSecret.parse(LoopbackCluster.newSecretText() + " "
                + "an-old-secret-that-is-long-enough-to-be-one");
        Signatures next = new Signatures(rotated);

        new DurableDocuments(dir, signatures).keep(next.sign(document(5, "a: 5\n").withMac("")));

        assertEquals(ClusterSecret.MacCheck.SIGNED, next.check(copies.read("settings").orElseThrow()));
    }

    @Test
    void aCopyWhoseMacDoesNotVerifyIsReplacedEvenByALowerVersion() throws IOException {
        Signatures other = new Signatures(LoopbackCluster.newSecret());
        new DurableDocuments(dir, other).keep(other.sign(new ClusterDocument("settings", 9, "a: 9\n", "eve", 1)));

        DurableDocuments copies = new DurableDocuments(dir, signatures);
        copies.keep(document(2, "a: 2\n"));

        assertEquals(document(2, "a: 2\n"), copies.read("settings").orElseThrow());
    }

    @Test
    void anUnreadableCopyCountsAsMissing() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "# moat-document version=x\n");
        DurableDocuments copies = new DurableDocuments(dir, signatures);

        assertTrue(copies.read("settings").isEmpty());
        copies.keep(document(1, "a: 1\n"));
        assertEquals(1, copies.read("settings").orElseThrow().version());
    }

    private ClusterDocument document(long version, String text) {
        return signatures.sign(new ClusterDocument("settings", version, text, "alice", 1_000));
    }
}
