package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;
import dev.moat.net.IpAddress;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The attack of issue 15: a plain Hazelcast member, started here with Hazelcast's own API, the
 * cluster's name and the same loopback join but without the cluster secret, joins two real
 * Moat nodes and writes what would give it relay rights: a {@code settings} document that
 * makes every address a Client, and a Temporary Client entry for its own address. Neither
 * node applies either; both refusals are counted and logged, and relaying is still refused
 * over a real socket.
 */
class ForeignMemberTest {
    private static final String INTRUDER = "127.0.0.7";
    private static final Pattern REFUSED = Pattern.compile(
            "moat_cluster_mac_refused_total\\{kind=\"([a-z-]+)\"} ([0-9.]+)");

    @TempDir
    Path dir;
    private final List<Node> running = new ArrayList<>();
    private HazelcastInstance intruder;

    @AfterEach
    void stop() {
        if (intruder != null) {
            intruder.shutdown();
        }
        TestNode.closeAll(running);
    }

    @Test
    void aMemberWithoutTheSecretCanNeitherOpenTheClientListNorMakeItselfATemporaryClient() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger("dev.moat.cluster");
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try (var sink = new SmtpSink()) {
            var nodes = new TestNode(dir, 2);
            nodes.startRelayCluster(sink.port(), running);
            var versionsBefore = running.get(0).documentVersions();
            assertEquals("550", relay(running.get(0)), "a Stranger cannot relay before the attack either");

            intruder = Hazelcast.newHazelcastInstance(plainMember(nodes));
            Eventually.until("the intruder joined both", () -> running.stream().allMatch(n -> n.member().memberCount() == 3));
            intruder.getMap("moat-documents").put("settings", GenericRecordBuilder.compact("moat.ClusterDocument")
                    .setString("name", "settings")
                    .setInt64("version", 99)
                    .setString("text", "client-addresses: |\n  0.0.0.0/0\n  ::/0\n")
                    .setString("updatedBy", "intruder")
                    .setInt64("updatedAtMillis", System.currentTimeMillis())
                    .build());
            intruder.getMap("moat-temporary-clients").put(INTRUDER, GenericRecordBuilder.compact("moat.TemporaryClient")
                    .setInt64("untilMillis", System.currentTimeMillis() + Duration.ofHours(1).toMillis())
                    .setString("mac", "bm90LWEtbWFjLW1hZGUtd2l0aC10aGUtc2VjcmV0")
                    .build());
            // And makes itself unblockable: a forged entry of a temporary list.
            intruder.getMap("moat-temporary-unblockable").put(INTRUDER, GenericRecordBuilder.compact("moat.TemporaryListEntry")
                    .setString("reason", "a successful login").setString("node", "intruder")
                    .setInt64("startMillis", System.currentTimeMillis())
                    .setInt64("untilMillis", System.currentTimeMillis() + Duration.ofHours(1).toMillis())
                    .setString("mac", "bm90LWEtbWFjLW1hZGUtd2l0aC10aGUtc2VjcmV0")
                    .build());

            for (var node : running) {
                Eventually.within(Duration.ofSeconds(10), () -> {
                    var refused = refusals(NodeEndToEndTest.scrape(node));
                    assertEquals(List.of("callout-result 0.0", "document 1.0", "temporary-client 1.0", "temporary-list 1.0"), refused);
                });
                assertEquals(versionsBefore, node.documentVersions(), "no node applied the forged version");
                assertFalse(node.settings().clientAddresses().contains(IpAddress.parse("192.0.2.1")));
                assertFalse(node.settings().clientAddresses().contains(IpAddress.parse(INTRUDER)));
                assertTrue(node.member().blocking().get(dev.moat.blocking.TemporaryList.UNBLOCKABLE, INTRUDER).isEmpty(),
                        "the forged unblockable entry grants nothing");
                assertEquals(0, node.member().documents().get("settings").orElseThrow().version(),
                        "the store hands out only the version it verified");
                assertFalse(node.member().temporaryClients().contains(IpAddress.parse(INTRUDER)));
                assertEquals("550", relay(node), "relaying from the intruder's address is still refused");
                assertTrue(NodeEndToEndTest.scrape(node).contains("moat_cluster_temporary_clients 0.0"));
                assertTrue(NodeEndToEndTest.scrape(node).contains("# HELP moat_cluster_mac_refused_total cluster-wide values"));
            }

            var warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Refused a version of cluster document settings "
                    + "from the cluster: version 99 by intruder; it carries no MAC")), warnings::toString);
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Refused a Temporary Client entry for " + INTRUDER
                    + " from the cluster: its MAC is wrong")), warnings::toString);
            assertTrue(appender.list.stream().noneMatch(e -> e.getFormattedMessage().contains(nodes.secret())),
                    "the secret is never logged");

            // The same address made a Temporary Client by a member with the secret relays: the 550s
            // above were the refusal, not something else.
            running.get(0).member().temporaryClients().add(IpAddress.parse(INTRUDER), Duration.ofMinutes(1), 10);
            Eventually.until("the second node heard the real grant",
                    () -> running.get(1).member().temporaryClients().contains(IpAddress.parse(INTRUDER)));
            assertEquals("250", relay(running.get(1)));
        } finally {
            logger.detachAppender(appender);
        }
    }

    /** A member as anyone could start it: the cluster's name and join list, nothing of Moat's. */
    private static Config plainMember(TestNode nodes) {
        var config = new Config();
        config.setClusterName(nodes.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        var network = config.getNetworkConfig();
        network.setPort(0); // the system picks a free port (Hazelcast 3.8+); the nodes learn it when it joins
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        var join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(nodes.memberList());
        return config;
    }

    /** Tries to relay from {@link #INTRUDER} over a real socket; returns the RCPT reply's code. */
    private static String relay(Node node) throws Exception {
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), TestNode.smtpPort(node),
                InetAddress.getByName(INTRUDER), 0)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            send(out, "EHLO intruder.example");
            expect(in, "250");
            send(out, "MAIL FROM:<someone@intruder.example>");
            expect(in, "250");
            send(out, "RCPT TO:<victim@elsewhere.example>");
            String reply = reply(in);
            send(out, "QUIT");
            if (reply.startsWith("550")) {
                assertTrue(reply.startsWith("550 5.7.1"), reply);
            }
            return reply.substring(0, 3);
        }
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String reply = reply(in);
        assertTrue(reply.startsWith(code), reply);
    }

    /** The last line of one reply (the lines of a multi-line reply have a dash after the code). */
    private static String reply(BufferedReader in) throws Exception {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return String.valueOf(line);
    }

    private static List<String> refusals(String metrics) {
        var found = new ArrayList<String>();
        Matcher m = REFUSED.matcher(metrics);
        while (m.find()) {
            found.add(m.group(1) + " " + m.group(2));
        }
        found.sort(null);
        return found;
    }
}
