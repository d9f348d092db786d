package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moat.smtp.TlsContexts;
import dev.moat.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener with {@code admin.tls}: HTTPS with the configured certificate, checked by a
 * real TLS client that trusts that certificate alone; a client that does not trust it, or
 * speaks plain HTTP to the port, gets no answer.
 */
class AdminHttpsTest {
    private static final String TOKEN = "https-token-0123456789";

    @TempDir
    Path dir;
    TestCertificate certificate;
    AdminServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        certificate = TestCertificate.write(dir, "admin");
        var tls = TlsContexts.fromFiles(certificate.certificate().toString(), certificate.privateKey().toString());
        server = new AdminServer(new AdminOptions("127.0.0.1", 0, () -> TOKEN, Optional.of(tls), Duration.ofSeconds(5)),
                new TestBackend(null, List::of));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientThatTrustsTheCertificateGetsAnswersOverHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingClient()).build();

        var live = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live")).build(),
                BodyHandlers.ofString());
        var route = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                + "/api/v1/route?address=joe@mydomain.example")).header("Authorization", "Bearer " + TOKEN).build(),
                BodyHandlers.ofString());
        var refused = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/route")).build(),
                BodyHandlers.ofString());

        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}", live.body());
        assertEquals(200, route.statusCode(), route.body());
        assertEquals(401, refused.statusCode());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedInTheHandshake() {
        HttpClient client = HttpClient.newHttpClient();

        assertThrows(SSLHandshakeException.class, () -> client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live")).build(), BodyHandlers.ofString()));
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAnswer() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health/live")).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString()));
    }
}
