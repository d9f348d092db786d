package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.moat.testing.Dnsmasq;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Return-Path checks and Reverse Connect of a real node, against Debian's dnsmasq serving
 * the Return-Path domains on loopback and a real SMTP server as their MX host, with a socket
 * client from a Stranger's address: an unregistered domain and a null MX are refused, a good
 * domain passes, and the callout accepts one address and refuses another with 550 5.1.7.
 */
class CalloutEndToEndTest {

    @Test
    void returnPathChecksAndACalloutThroughDnsmasq(@TempDir Path dir) throws Exception {
        assumeTrue(Dnsmasq.binary().isPresent(), "dnsmasq is not installed (apt-get install dnsmasq-base); skipped");
        try (var mx = new SmtpSink(InetAddress.getByName("127.0.0.2"), 0).refuse("nobody@good.example");
                var nextHop = new SmtpSink();
                var dnsmasq = Dnsmasq.start(Files.createDirectories(dir.resolve("dns")), "example", List.of(
                        "mx-host=good.example,mx.good.example,10",
                        "host-record=mx.good.example,127.0.0.2",
                        "mx-host=nullmx.example,.,0",
                        "host-record=nullmx.example,127.0.0.9"), "mx.good.example")) {
            var nodes = new TestNode(Files.createDirectories(dir.resolve("node")), 1);
            nodes.writeSettings(1, TestNode.relayTo(nextHop.port()) + """
                    verify-return-path: true
                    dns:
                      servers: ["127.0.0.1:%d"]
                    callout:
                      enabled: true
                      port: %d
                      reply-timeout: 2s
                    """.formatted(dnsmasq.port(), mx.port()));
            try (var node = nodes.start(1); var smtp = new RawSmtp(TestNode.smtpPort(node), "127.0.0.50")) {
                smtp.expect("220 ");
                smtp.send("EHLO client.example").expect("250");
                smtp.send("MAIL FROM:<a@unregistered.example>").expect("553 5.1.8 ");
                smtp.send("MAIL FROM:<a@nullmx.example>").expect("550 5.7.27 ");
                smtp.send("MAIL FROM:<nobody@good.example>").expect("550 5.1.7 ");
                assertEquals(1, mx.commands().stream().filter("RCPT TO:<nobody@good.example>"::equals).count());
                smtp.send("MAIL FROM:<yes@good.example>").expect("250 ");
                smtp.send("RCPT TO:<bob@moat.test>").expect("250 ");
                smtp.send("DATA").expect("354 ");
                smtp.send("Subject: checked\r\n\r\nhello\r\n.").expect("250 ");
                smtp.send("QUIT").expect("221 ");
                Eventually.until("the message reached the next hop", () -> nextHop.messages().size() == 1);
                assertEquals("FROM:<yes@good.example>", nextHop.messages().get(0).mailFrom());
                assertEquals(0, mx.messages().size(), "the callout sent no message");
                var scrape = node.registry().scrape();
                assertTrue(scrape.contains("moat_callout_results_total{result=\"accepted\"} 1.0"), scrape);
                assertTrue(scrape.contains("moat_callout_results_total{result=\"refused\"} 1.0"), scrape);
            }
        }
    }
}
