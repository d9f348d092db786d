package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.console.Console;
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
 * speaks plain HTTP to the port, gets no answer. The web console's session cookie is then
 * Secure and carries the {@code __Host-} prefix (no other site on the host, nor plain HTTP, can
 * set or read it), and a login posted from an HTTP origin is refused.
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
                new TestBackend(null, List::of), Console.factory());
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

    @Test
    void overHttpsTheSessionCookieIsSecureWithTheHostPrefix() throws Exception {
        var login = consoleLogin("https://127.0.0.1:" + port);

        assertEquals(303, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("__Host-moat-console="), cookie);
        assertTrue(cookie.contains("; Secure"), cookie);
        assertTrue(cookie.contains("; HttpOnly"), cookie);
        assertTrue(cookie.contains("; SameSite=Strict"), cookie);
        assertTrue(cookie.contains("; Path=/;"), "the __Host- prefix needs Path=/: " + cookie);
    }

    @Test
    void aLoginPostedFromThePlainHttpOriginIsRefused() throws Exception {
        var login = consoleLogin("http://127.0.0.1:" + port);

        assertEquals(403, login.statusCode());
        assertTrue(login.headers().firstValue("Set-Cookie").isEmpty());
    }

    private java.net.http.HttpResponse<String> consoleLogin(String origin) throws Exception {
        return HttpClient.newBuilder().sslContext(certificate.trustingClient()).build().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), BodyHandlers.ofString());
    }
}
