package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.admin.AdminServer;
import dev.moat.files.SecretFiles;
import dev.moat.settings.PasswordHash;
import dev.moat.testing.DeadPort;
import dev.moat.testing.Eventually;
import dev.moat.testing.LogCapture;
import dev.moat.testing.TestCertificate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets of a real node: no answer of any admin route shows a password hash, the raw
 * directory document survives a GET, a hand edit and a PUT with every hash it did not change,
 * the files holding hashes and the token are owner-only and a looser one is named at the next
 * start, and the admin listener speaks HTTPS on the address the environment names.
 */
class AdminSecretsEndToEndTest {
    private static final String DIRECTORY = "/api/v1/cluster/documents/directory";

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();

    @AfterEach
    void stop() {
        TestNode.closeAll(running);
    }

    @Test
    void noAnswerOfAnyRouteShowsAPasswordHash() throws Exception {
        var node = start(new TestNode(dir, 1), Map.of("MOAT_ADMIN_TOKEN", TestNode.TOKEN));
        var admin = new AdminClient(node, TestNode.TOKEN);
        List<String> hashes = createAliceAndBob(node, admin);
        var samples = Map.of("{name}", List.of("settings", "router", "directory"), "{ip}", List.of("127.0.0.1"),
                "{user@domain}", List.of("alice@example.test", "bob@example.test"), "{domain}", List.of("example.test"));
        int answers = 0;
        for (var list : dev.moat.blocking.TemporaryList.values()) {
            // So that the temporary-list routes of {ip} have an entry to answer with.
            node.blocking().put(list, "127.0.0.1", "a sample", Duration.ofMinutes(5), Integer.MAX_VALUE, "admin");
        }

        for (AdminServer.Endpoint endpoint : node.adminEndpoints()) {
            if (!endpoint.methods().contains("GET")) {
                continue;
            }
            var parameter = Pattern.compile("\\{[^}]+}").matcher(endpoint.template());
            List<String> paths = parameter.find()
                    ? samples.get(parameter.group()).stream().map(v -> endpoint.template().replace(parameter.group(), v)).toList()
                    : List.of(endpoint.template() + (endpoint.template().equals("/api/v1/decisions")
                            ? "?address=127.0.0.1" : "?address=alice@example.test"));
            for (String path : paths) {
                for (String accept : List.of("application/json", "application/yaml")) {
                    var response = admin.get(path, accept);
                    assertEquals(200, response.statusCode(), path + ": " + response.body());
                    for (String hash : hashes) {
                        assertFalse(response.body().contains(hash), path + " shows a hash: " + response.body());
                    }
                    assertFalse(response.body().contains("$pbkdf2-sha256$i="), path);
                    answers++;
                }
            }
        }

        assertTrue(answers >= 16, answers + " answers read");
        assertTrue(admin.get("/api/v1/directory/accounts/alice@example.test", "application/json").body()
                .contains("\"password\":\"set\""));
    }

    @Test
    void theDirectoryDocumentReadEditedAndPutBackKeepsTheHashesItDidNotChange() throws Exception {
        var node = start(new TestNode(dir, 1), Map.of("MOAT_ADMIN_TOKEN", TestNode.TOKEN));
        var admin = new AdminClient(node, TestNode.TOKEN);
        List<String> hashes = createAliceAndBob(node, admin);
        var read = admin.get(DIRECTORY, "application/yaml");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals(2, Pattern.compile("\"\\(hidden [0-9a-f]{12}\\)\"").matcher(read.body()).results().count(), read.body());
        String aliceNew = PasswordHash.create("alice's new one".toCharArray());
        String edited = "# edited by hand\n" + read.body()
                .replace("  - name: bob@example.test\n", "  - name: bob@example.test\n    services: {relay: false}\n")
                .replaceFirst("\\(hidden [0-9a-f]{12}\\)", java.util.regex.Matcher.quoteReplacement(aliceNew));

        var put = admin.put(DIRECTORY, edited, etag);

        assertEquals(200, put.statusCode(), put.body());
        assertFalse(put.body().contains("$pbkdf2-sha256$i="), put.body());
        Eventually.until("the edited directory is applied", () -> node.settings().directory().account("bob@example.test")
                .map(bob -> !node.settings().directory().services(bob).relay()).orElse(false));
        var directory = node.settings().directory();
        assertTrue(directory.account("bob@example.test").orElseThrow().password().matches("bob's pw".toCharArray()),
                "bob's hash, sent back as its placeholder, is kept");
        assertTrue(directory.account("alice@example.test").orElseThrow().password().matches("alice's new one".toCharArray()));
        String stored = node.member().documents().get("directory").orElseThrow().text();
        assertTrue(stored.startsWith("# edited by hand\n") && stored.contains(hashes.get(1)), stored);
    }

    @Test
    void aPlaceholderThatStandsForNoStoredHashIsRefusedAndChangesNothing() throws Exception {
        var node = start(new TestNode(dir, 1), Map.of("MOAT_ADMIN_TOKEN", TestNode.TOKEN));
        var admin = new AdminClient(node, TestNode.TOKEN);
        createAliceAndBob(node, admin);
        var before = node.member().documents().get("directory").orElseThrow();
        var read = admin.get(DIRECTORY, "application/yaml");

        var put = admin.put(DIRECTORY, read.body().replaceFirst("\\(hidden [0-9a-f]{12}\\)", "(hidden 000000000000)"),
                read.headers().firstValue("ETag").orElseThrow());

        assertEquals(400, put.statusCode());
        assertTrue(put.body().contains("(hidden 000000000000)") && put.body().contains("hash-password"), put.body());
        assertEquals(before, node.member().documents().get("directory").orElseThrow());
    }

    @Test
    void secretFilesAreOwnerOnlyAndALooserOneIsNamedAtTheNextStart() throws Exception {
        var nodes = new TestNode(dir, 1);
        var node = start(nodes, Map.of());
        Path data = nodes.dataDir(1);
        Path token = data.resolve("admin-token");
        Path copy = data.resolve("cluster-documents/directory.yaml");
        createAliceAndBob(node, new AdminClient(node, Files.readString(token).strip()));
        Eventually.until("the directory copy is written", () -> Files.exists(copy) && read(copy).contains("bob@example.test"));

        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(data.resolve("cluster-documents")));
        assertEquals("rw-------", mode(token));
        try (var copies = Files.list(data.resolve("cluster-documents"))) {
            for (Path file : copies.toList()) {
                assertEquals("rw-------", mode(file), file.toString());
            }
        }

        TestNode.closeAll(running);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
        try (LogCapture log = LogCapture.of(SecretFiles.class)) {
            start(nodes, Map.of());

            String lines = String.join("\n", log.lines());
            assertTrue(lines.contains("WARN " + copy + " holds secrets but its permissions are rw-r--r--"), lines);
            assertTrue(lines.contains("WARN " + token + " holds secrets but its permissions are rw-r-----"), lines);
            assertFalse(lines.contains(data + " holds"), "the data directory itself is fine: " + lines);
        }
    }

    @Test
    void theAdminListenerSpeaksHttpsWithTheConfiguredCertificateOnTheAddressTheEnvironmentNames() throws Exception {
        var certificate = TestCertificate.write(dir, "admin");
        var nodes = new TestNode(dir, 1).withAdminSettings("""
                  tls:
                    certificate: %s
                    private-key: %s
                """.formatted(certificate.certificate(), certificate.privateKey()));
        var node = start(nodes, Map.of("MOAT_ADMIN_TOKEN", TestNode.TOKEN, "MOAT_ADMIN_ADDRESS", "127.0.0.2"));
        var https = HttpClient.newBuilder().sslContext(certificate.trustingClient()).build();
        String base = "https://127.0.0.2:" + node.adminPort();

        var ready = https.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        var versions = https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/node/versions"))
                .header("Authorization", "Bearer " + TestNode.TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals(200, versions.statusCode(), versions.body());
        // Reserving 127.0.0.1 on the admin port fails if the node listens there (or on every
        // address); holding it, no other process can answer the connect below in its place.
        try (var elsewhere = DeadPort.reserve(InetAddress.getLoopbackAddress(), node.adminPort())) {
            assertThrows(ConnectException.class, () -> https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + node.adminPort() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString()),
                    "the settings file's 127.0.0.1 gave way to MOAT_ADMIN_ADDRESS");
        }
    }

    /** Creates domain example.test with accounts alice and bob; answers their stored hashes, alice's first. */
    private static List<String> createAliceAndBob(Node node, AdminClient admin) throws Exception {
        assertEquals(200, admin.put("/api/v1/directory/domains/example.test", "{}", null).statusCode());
        for (String user : List.of("alice", "bob")) {
            var put = admin.put("/api/v1/directory/accounts/" + user + "@example.test",
                    "{\"password\": \"" + user + "'s pw\"}", null);
            assertEquals(200, put.statusCode(), put.body());
        }
        Eventually.until("both accounts are applied", () -> node.settings().directory().accounts().size() == 2);
        String text = node.member().documents().get("directory").orElseThrow().text();
        List<String> hashes = PasswordHash.ENCODED_FORM.matcher(text).results().map(r -> r.group()).toList();
        assertEquals(2, hashes.size(), text);
        return hashes;
    }

    private Node start(TestNode nodes, Map<String, String> env) throws Exception {
        nodes.writeSettings(1, "local-domains: [moat.test]\n");
        var node = nodes.start(1, env);
        running.add(node);
        return node;
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
