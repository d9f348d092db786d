package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the admin token comes from. */
class AdminTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void theEnvironmentVariableWinsOverTheFile() throws IOException {
        Files.writeString(dataDir.resolve("admin-token"), "from-file\n");

        AdminToken token = AdminToken.resolve(null, dataDir, Map.of("MOAT_ADMIN_TOKEN", "from-env"));

        assertEquals("from-env", token.value());
        assertEquals("environment variable MOAT_ADMIN_TOKEN", token.source());
    }

    @Test
    void anExistingTokenFileIsReadWithoutItsLineEnd() throws IOException {
        Path file = dataDir.resolve("secrets/token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "  from-file\n");

        AdminToken token = AdminToken.resolve(file.toString(), dataDir, Map.of("MOAT_ADMIN_TOKEN", ""));

        assertEquals("from-file", token.value());
        assertEquals("file " + file, token.source());
    }

    @Test
    void aMissingTokenFileIsGeneratedForItsOwnerOnly() throws IOException {
        AdminToken token = AdminToken.resolve("", dataDir, Map.of());

        Path file = dataDir.resolve("admin-token");
        assertTrue(token.value().matches("[0-9a-f]{64}"), token.value().length() + " characters");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of(file), token.file());
        assertEquals(token.value(), AdminToken.resolve(null, dataDir, Map.of()).value(), "read again, not renewed");
        try (var files = Files.list(dataDir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aTokenWrittenIntoTheFileReplacesTheOldOneWithoutARestart() throws Exception {
        Path file = dataDir.resolve("admin-token");
        Files.writeString(file, "first-token\n");
        AdminToken token = AdminToken.resolve(null, dataDir, Map.of());
        AdminServer server = new AdminServer(new AdminOptions("127.0.0.1", 0, token, Optional.empty(), Duration.ofSeconds(5)),
                new TestBackend(null, List::of));
        try {
            URI versions = URI.create("http://127.0.0.1:" + server.start() + "/api/v1/node/versions");
            assertEquals(200, status(versions, "first-token"));

            Files.writeString(file, "second-token\n");

            Eventually.within(Duration.ofSeconds(10), () -> assertEquals(401, status(versions, "first-token")));
            assertEquals(200, status(versions, "second-token"));
            Files.writeString(file, "");
            assertEquals(200, status(versions, "second-token"), "an emptied file keeps the token read before");
        } finally {
            server.close();
        }
    }

    private static int status(URI uri, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEmptyTokenFileIsRefused() throws IOException {
        Files.writeString(dataDir.resolve("admin-token"), "\n");

        assertThrows(IllegalStateException.class, () -> AdminToken.resolve(null, dataDir, Map.of()));
    }

    @Test
    void theTokenNeverShowsInItsText() {
        AdminToken token = new AdminToken("s3cret-value", "file /x");

        assertFalse(token.toString().contains("s3cret-value"));
        assertFalse(new AdminOptions("127.0.0.1", 0, "s3cret-value").toString().contains("s3cret-value"));
    }

    @Test
    void tokensCompareByContent() {
        assertTrue(AdminToken.sameToken("abc", "abc"));
        assertFalse(AdminToken.sameToken("abc", "abd"));
        assertFalse(AdminToken.sameToken("abc", "abcd"));
    }
}
