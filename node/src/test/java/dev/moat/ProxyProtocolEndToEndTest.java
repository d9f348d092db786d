package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.HaProxy;
import dev.moat.testing.SmtpSink;
import jakarta.mail.SendFailedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node behind a real HAProxy on loopback: Jakarta Mail sends from 127.0.0.23 through HAProxy
 * ({@code send-proxy} and {@code send-proxy-v2}) to the node's PROXY listener, which trusts
 * 127.0.0.1, the address HAProxy connects from; the node relays to a next hop the test runs.
 */
class ProxyProtocolEndToEndTest {
    private static final String SENDER = "127.0.0.23";
    private static final String PROXIED = "proxied";

    @TempDir
    Path dir;
    private SmtpSink sink;
    private TestNode nodes;
    private final List<Node> running = new ArrayList<>();
    private final List<HaProxy> proxies = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(HaProxy.binary().isPresent(),
                "haproxy is not installed (apt-get install haproxy): skipping the PROXY protocol end-to-end tests");
        sink = new SmtpSink();
        nodes = new TestNode(dir, 1);
    }

    @AfterEach
    void stop() throws Exception {
        for (var socket : sockets) {
            socket.close();
        }
        for (var proxy : proxies) {
            proxy.close();
        }
        TestNode.closeAll(running);
        if (sink != null) {
            sink.close();
        }
    }

    /** A node with a plain listener and a PROXY listener ({@code kind}) trusting 127.0.0.1 only. */
    private Node node(String kind, String smtpExtra, String extra) throws Exception {
        nodes.writeSettings(1, """
                    - name: smtp
                      address: 127.0.0.1
                      port: 0
                    - name: %s
                      kind: %s
                      address: 127.0.0.1
                      port: 0
                      proxy-protocol: true
                      trusted-proxies: "127.0.0.1"
                """.formatted(PROXIED, kind), smtpExtra, """
                local-domains: [moat.test]
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                  command-timeout: 5s
                """.formatted(sink.port()) + extra);
        var node = nodes.start(1);
        running.add(node);
        return node;
    }

    private Node node(String extra) throws Exception {
        return node("smtp", "", extra);
    }

    private HaProxy haproxy(Node node, String serverOptions, String... backendLines) throws Exception {
        var proxyDir = Files.createDirectories(dir.resolve("haproxy-" + proxies.size()));
        var proxy = HaProxy.start(proxyDir, node.smtpAddress(PROXIED).getPort(), serverOptions, backendLines);
        proxies.add(proxy);
        return proxy;
    }

    private String receivedBySink(int index) {
        return new String(sink.messages().get(index).data(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void theSenderBehindHaproxyIsJudgedAndTracedByItsOwnAddress(String sendProxy) throws Exception {
        var node = node("client-addresses: \"" + SENDER + "\"\n");
        var proxy = haproxy(node, sendProxy);
        var mail = new Mail(proxy.port(), SENDER);
        mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "via the balancer", "hello"));

        assertEquals(1, sink.messages().size(), "a Client relays to a foreign domain");
        assertTrue(receivedBySink(0).startsWith("Received: from client.example ([" + SENDER + "])"), receivedBySink(0));
        var metrics = NodeEndToEndTest.scrape(node);
        assertTrue(metrics.contains("moat_smtp_proxy_total{outcome=\"accepted\"} 1.0"), metrics);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
    void theProxyNeverMakesMailAClients(String sendProxy) throws Exception {
        var node = node("client-addresses: \"127.0.0.1\"\n");
        var proxy = haproxy(node, sendProxy);
        var mail = new Mail(proxy.port(), SENDER);
        var refused = assertThrows(SendFailedException.class,
                () -> mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "x")));
        var cause = (SMTPAddressFailedException) refused.getNextException();
        assertTrue(cause.getMessage().contains("550 5.7.1 Relaying denied"), cause.getMessage());

        mail.send(mail.message("someone@remote.example", "user@moat.test", "local mail", "hello"));
        assertEquals(1, sink.messages().size());
        assertTrue(receivedBySink(0).startsWith("Received: from client.example ([" + SENDER + "])"), receivedBySink(0));
    }

    @Test
    void anUntrustedPeerIsClosedWithoutAGreeting() throws Exception {
        var node = node("");
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 0));
            socket.connect(node.smtpAddress(PROXIED), 5000);
            socket.setSoTimeout(5000);
            assertEquals(-1, socket.getInputStream().read(), "closed without a byte");
        }
        Eventually.until("the refusal is counted", () ->
                NodeEndToEndTest.scrape(node).contains("moat_smtp_proxy_total{outcome=\"untrusted-peer\"} 1.0"));
    }

    @Test
    void haproxyHealthChecksAreGreetedAndHoldNoConnectionSlot() throws Exception {
        var node = node("smtp", "  max-connections-per-address: 1\n", "client-addresses: \"127.0.0.1\"\n");
        var proxy = haproxy(node, "send-proxy-v2 check inter 200ms", "option smtpchk EHLO balancer.example");
        Eventually.until("haproxy's SMTP health checks find the node up", () -> proxy.serverStatus().equals("UP"));
        var metrics = NodeEndToEndTest.scrape(node);
        assertTrue(metrics.contains("moat_smtp_proxy_total{outcome=\"local\"}"), metrics);

        // Two health checks of our own, held open, from 127.0.0.1; then mail whose header names 127.0.0.1.
        for (int i = 0; i < 2; i++) {
            var check = new Socket(InetAddress.getByName("127.0.0.1"), node.smtpAddress(PROXIED).getPort());
            sockets.add(check);
            check.setSoTimeout(5000);
            OutputStream out = check.getOutputStream();
            out.write(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00});
            out.flush();
            var greeting = new BufferedReader(new InputStreamReader(check.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(greeting.startsWith("220 " + TestNode.HOST), greeting);
        }
        var mail = new Mail(proxy.port(), "127.0.0.1");
        mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "the slot of 127.0.0.1 is free"));
        assertEquals(1, sink.messages().size());
    }

    @Test
    void anSmtpsListenerTakesTheHeaderBeforeTheTlsHandshake() throws Exception {
        var node = node("smtps", "", "client-addresses: \"" + SENDER + "\"\n");
        var proxy = haproxy(node, "send-proxy-v2");
        var mail = new Mail(proxy.port(), SENDER).implicitTls();
        mail.send(mail.message("me@moat.test", "friend@elsewhere.example", "x", "over implicit TLS"));
        assertEquals(1, sink.messages().size());
        var data = receivedBySink(0);
        assertTrue(data.startsWith("Received: from client.example ([" + SENDER + "])"), data);
        assertTrue(data.contains("with ESMTPS id"), data);
    }
}
