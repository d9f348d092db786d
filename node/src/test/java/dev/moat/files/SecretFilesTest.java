package dev.moat.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only folders and files, and the start-up check that names the looser ones. */
class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void newFoldersAreOwnerOnlyAtEveryLevelAndNewFilesToo() throws IOException {
        Path deep = dir.resolve("a/b/c");

        OwnerOnly.createFolders(deep);
        try (var channel = OwnerOnly.createNew(deep.resolve("secret"))) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        }

        for (Path folder : List.of(dir.resolve("a"), dir.resolve("a/b"), deep)) {
            assertEquals("rwx------", mode(folder), folder.toString());
        }
        assertEquals("rw-------", mode(deep.resolve("secret")));
        assertEquals("rw-------", mode(OwnerOnly.createTempFile(deep, "t")));
    }

    @Test
    void anExistingFolderIsLeftAsItIs() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        OwnerOnly.createFolders(dir);

        assertEquals("rwxr-x---", mode(dir), "only reported, never changed behind the administrator's back");
    }

    @Test
    void theCheckNamesEveryFileAndFolderThatGrantsGroupOrOthersAnything() throws IOException {
        Path data = OwnerOnly.createFolders(dir.resolve("data"));
        Path documents = OwnerOnly.createFolders(data.resolve("cluster-documents"));
        Path directory = Files.writeString(documents.resolve("directory.yaml"), "accounts: []\n");
        Path settings = Files.writeString(documents.resolve("settings.yaml"), "a: 1\n");
        Path token = Files.writeString(data.resolve("admin-token"), "t\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw----"));

        try (LogCapture log = LogCapture.of(SecretFiles.class)) {
            List<SecretFiles.Loose> loose = SecretFiles.check(data, token);

            assertEquals(List.of(new SecretFiles.Loose(data, "rwxr-xr-x", "rwx------"),
                    new SecretFiles.Loose(directory, "rw-r--r--", "rw-------"),
                    new SecretFiles.Loose(token, "rw-rw----", "rw-------")), loose);
            assertEquals(List.of(
                    "WARN " + data + " holds secrets but its permissions are rwxr-xr-x; make them rwx------ (chmod 700 " + data + ")",
                    "WARN " + directory + " holds secrets but its permissions are rw-r--r--; make them rw------- (chmod 600 "
                            + directory + ")",
                    "WARN " + token + " holds secrets but its permissions are rw-rw----; make them rw------- (chmod 600 "
                            + token + ")"), log.lines());
        }
    }

    @Test
    void ownerOnlyFilesPassTheCheckSilently() throws IOException {
        Path data = OwnerOnly.createFolders(dir.resolve("data"));

        assertTrue(SecretFiles.check(data, null).isEmpty());
        assertEquals(Optional.empty(), OwnerOnly.looser(data.resolve("missing")));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
