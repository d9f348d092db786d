package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.dns.TestDnsServerAccess;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import jakarta.mail.MessagingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real nodes of one cluster after traffic that moves every meter an operator watches, for
 * the tests of what the nodes expose and of what Prometheus and the dashboard make of it. Node 1
 * relays to a recording next hop and runs the DNS-based checks against a DNS server on loopback
 * (an RBL zone, SPF in {@code header} mode, Reverse Connect to a loopback MX) and a Banned Body
 * Line; node 2 spools. The traffic: a Client's message over STARTTLS, a Stranger's message that
 * passes SPF and the callout, a banned line (554), a relay attempt (550), an unknown command
 * (500), and a message to node 2's spool: five sessions on node 1, one on node 2.
 */
final class MonitoredCluster implements AutoCloseable {
    static final String STRANGER = "127.0.0.5";

    private final List<Node> running = new ArrayList<>();
    private final TestNode nodes;
    private final TestDnsServerAccess dns;
    private final SmtpSink nextHop;
    private final SmtpSink mailHost;

    MonitoredCluster(Path dir) throws Exception {
        dns = new TestDnsServerAccess();
        dns.txt("sender.example", "v=spf1 ip4:" + STRANGER + " -all");
        dns.mx("sender.example", 10, "mx.sender.example");
        dns.a("mx.sender.example", "127.0.0.1");
        dns.listed("rbl.test", "127.0.0.9", "127.0.0.2", "");
        nextHop = new SmtpSink();
        mailHost = new SmtpSink();
        Path banned = Files.writeString(dir.resolve("banned-body.txt"), "BUY NOW\n");
        nodes = new TestNode(Files.createDirectories(dir.resolve("nodes")), 2);
        nodes.writeSettings(1, """
                local-domains: [moat.test]
                client-addresses: "127.0.0.1"
                dns:
                  servers: ["127.0.0.1:%d"]
                  timeout: 300ms
                spf: header
                callout:
                  enabled: true
                  port: %d
                  reply-timeout: 2s
                rbl-zones:
                  - zone: rbl.test
                banned-lines:
                  body-file: "%s"
                delivery:
                  mode: relay
                  next-hop: "127.0.0.1:%d"
                """.formatted(dns.port(), mailHost.port(), banned, nextHop.port()));
        nodes.writeSettings(2, "local-domains: [moat.test]\n");
        running.add(nodes.start(1));
        running.add(nodes.start(2));
        Eventually.within(Duration.ofSeconds(30), () -> assertEquals(2, relay().member().memberCount()));
        sendTraffic();
    }

    Node relay() {
        return running.get(0);
    }

    Node spool() {
        return running.get(1);
    }

    TestNode nodes() {
        return nodes;
    }

    private void sendTraffic() throws Exception {
        int port = TestNode.smtpPort(relay());
        var client = new Mail(port, "127.0.0.1").startTls();
        client.send(client.message("me@moat.test", "friend@elsewhere.example", "x", "over TLS"));
        var stranger = new Mail(port, STRANGER);
        stranger.send(stranger.message("a@sender.example", "user@moat.test", "hello", "a good message"));
        assertThrows(MessagingException.class,
                () -> stranger.send(stranger.message("a@sender.example", "user@moat.test", "offer", "BUY NOW\r\n")));
        assertThrows(MessagingException.class,
                () -> stranger.send(stranger.message("a@sender.example", "b@elsewhere.example", "relay?", "no")));
        try (var raw = new RawSmtp(port, "127.0.0.6")) {
            raw.expect("220 ");
            raw.send("FROBNICATE").expect("500 ");
            raw.send("QUIT").expect("221 ");
        }
        var local = new Mail(TestNode.smtpPort(spool()), STRANGER);
        local.send(local.message("a@remote.example", "user@moat.test", "x", "to the spool"));

        Eventually.until("both messages reached the next hop", () -> nextHop.messages().size() == 2);
        Eventually.until("the sessions have ended",
                () -> NodeEndToEndTest.scrape(relay()).contains("moat_smtp_session_duration_seconds_count 5"));
        var scrape = NodeEndToEndTest.scrape(relay());
        assertTrue(scrape.contains("moat_spf_results_total{result=\"pass\"} 3.0")
                && scrape.contains("moat_callout_results_total{result=\"accepted\"} 1.0"), scrape);
    }

    @Override
    public void close() throws Exception {
        TestNode.closeAll(running);
        nextHop.close();
        mailHost.close();
        dns.close();
    }
}
