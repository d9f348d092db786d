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

    @TempDir
    Path dir;

    @Test
    void aKeptVersionReadsBackAndLeavesNoTemporaryFile() throws IOException {
        DurableDocuments copies = new DurableDocuments(dir.resolve("cluster-documents"));

        copies.keep(document(3, "a: 3\n"));

        assertEquals(Optional.of(document(3, "a: 3\n")), new DurableDocuments(copies.folder()).read("settings"));
        try (var files = Files.list(copies.folder())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void copiesAreOwnerOnlyInAnOwnerOnlyFolderAndALooserCopyIsTightenedByTheNextWrite() throws IOException {
        DurableDocuments copies = new DurableDocuments(dir.resolve("new/cluster-documents"));
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
        DurableDocuments copies = new DurableDocuments(dir);
        copies.keep(document(5, "a: 5\n"));

        DurableDocuments afterRestart = new DurableDocuments(dir);
        afterRestart.keep(document(4, "a: 4\n"));
        afterRestart.keep(document(5, "a: other\n"));

        assertEquals("a: 5\n", afterRestart.read("settings").orElseThrow().text());
    }

    @Test
    void anUnreadableCopyCountsAsMissing() throws IOException {
        Files.writeString(dir.resolve("settings.yaml"), "# moat-document version=x\n");
        DurableDocuments copies = new DurableDocuments(dir);

        assertTrue(copies.read("settings").isEmpty());
        copies.keep(document(1, "a: 1\n"));
        assertEquals(1, copies.read("settings").orElseThrow().version());
    }

    private static ClusterDocument document(long version, String text) {
        return new ClusterDocument("settings", version, text, "alice", 1_000);
    }
}
