package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.moat.net.IpAddress;
import dev.moat.testing.Eventually;
import dev.moat.testing.Rbldnsd;
import dev.moat.testing.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moat against Debian's rbldnsd, the daemon public DNS lists run: its ip4set answers, TXT
 * texts with {@code $} filled in, and RFC 5782 test points, as a real listing refuses mail.
 */
class RbldnsdEndToEndTest {

    @Test
    void anAddressRbldnsdListsIsRefusedWithItsTextAndOneItDoesNotListPasses(@TempDir Path dir) throws Exception {
        assumeTrue(Rbldnsd.binary().isPresent(), "rbldnsd is not installed (apt-get install rbldnsd); skipped");
        try (var rbldnsd = Rbldnsd.start(Files.createDirectories(dir.resolve("zone")), "rbl.test", List.of(
                ":127.0.0.2:Listed by rbl.test, see https://rbl.test/$",
                "127.0.0.2",
                "127.0.0.50 :127.0.0.4:Spam source $"));
                var sink = new SmtpSink()) {
            var nodes = new TestNode(Files.createDirectories(dir.resolve("node")), 1);
            nodes.writeSettings(1, """
                    local-domains: [moat.test]
                    client-addresses: "127.0.0.1"
                    dns:
                      servers: ["127.0.0.1:%d"]
                    rbl-zones:
                      - zone: rbl.test
                    delivery:
                      mode: relay
                      next-hop: "127.0.0.1:%d"
                    """.formatted(rbldnsd.port(), sink.port()));
            try (var node = nodes.start(1)) {
                var listed = node.classify(IpAddress.parse("127.0.0.50")).toCompletableFuture().join();
                assertEquals("Blacklisted", listed.status().label());
                assertEquals("listed by the RBL rbl.test (answer 127.0.0.4: Spam source 127.0.0.50)",
                        listed.reason().describe());
                assertEquals("Stranger", node.classify(IpAddress.parse("127.0.0.51")).toCompletableFuture().join()
                        .status().label());
                Eventually.until("the zone passes its test points",
                        () -> node.registry().scrape().contains("moat_dns_rbl_healthy{zone=\"rbl.test\"} 1.0"));
                var mail = new Mail(TestNode.smtpPort(node), "127.0.0.50");
                var refused = org.junit.jupiter.api.Assertions.assertThrows(jakarta.mail.MessagingException.class,
                        () -> mail.send(mail.message("a@remote.example", "bob@moat.test", "s", "hello")));
                assertTrue(String.valueOf(refused.getNextException()).contains(
                        "blacklisted by rbl.test: Spam source 127.0.0.50"), refused::toString);
            }
        }
    }
}
