package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.TestCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed SMTP certificate, written over the files the settings name (as a Kubernetes TLS
 * Secret update does), is what STARTTLS presents next, without a restart.
 */
class CertificateRenewalTest {
    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();

    @AfterEach
    void stop() {
        TestNode.closeAll(running);
    }

    @Test
    void aRenewedCertificateIsPresentedWithoutARestart() throws Exception {
        var certs = Files.createDirectories(dir.resolve("tls"));
        var first = TestCertificate.write(certs, "first");
        var live = certs.resolve("tls.crt");
        var key = certs.resolve("tls.key");
        Files.copy(first.certificate(), live);
        Files.copy(first.privateKey(), key);
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, """
                  tls:
                    certificate: %s
                    private-key: %s
                """.formatted(live, key), "");
        var node = nodes.start(1);
        running.add(node);
        assertEquals(first.x509().getSerialNumber(), presented(TestNode.smtpPort(node)));

        var second = TestCertificate.write(certs, "second");
        Files.copy(second.privateKey(), certs.resolve("next.key"));
        Files.copy(second.certificate(), certs.resolve("next.crt"));
        Files.move(certs.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(certs.resolve("next.crt"), live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Eventually.within(Duration.ofSeconds(20),
                () -> assertEquals(second.x509().getSerialNumber(), presented(TestNode.smtpPort(node))));
    }

    /** The serial number of the certificate a STARTTLS handshake on {@code port} presents. */
    private static BigInteger presented(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            var out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("220"));
            var context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (var tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", port, true)) {
                tls.startHandshake();
                return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Trusts what it is shown: this test reads the certificate, it does not judge it. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
