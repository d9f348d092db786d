package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The temporary lists through the admin API and the CLI, against one real node, behind the admin token. */
class TemporaryListsAdminTest {
    @TempDir
    Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        TestNode.closeAll(nodes);
    }

    private Node node() throws Exception {
        var cluster = new TestNode(dir, 1);
        cluster.writeSettings(1, "");
        var node = cluster.start(1);
        nodes.add(node);
        return node;
    }

    private int cli(Node node, String... args) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TestNode.TOKEN);
        var all = new ArrayList<>(List.of("blocking"));
        all.addAll(List.of(args));
        all.addAll(List.of("--admin", "http://127.0.0.1:" + node.adminPort(), "--token-file", token.toString()));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        var line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(all.toArray(String[]::new));
    }

    @Test
    void anEntryAddedByHandIsListedShownReportedByTestAddressAndRemoved() throws Exception {
        var node = node();
        var admin = new AdminClient(node, TestNode.TOKEN);
        var put = admin.put("/api/v1/temporary/blocked/192.0.2.44", "{\"duration\": \"1h\", \"reason\": \"seen in our logs\"}", null);
        assertEquals(201, put.statusCode(), put.body());
        assertTrue(put.body().contains("\"reason\":\"by hand: seen in our logs\""), put.body());
        admin.put("/api/v1/temporary/blocked/192.0.2.45", "{\"duration\": \"2h\", \"reason\": \"also\"}", null);
        admin.put("/api/v1/temporary/blocked/2001:db8::45", "{\"duration\": \"2h\", \"reason\": \"v6\"}", null);

        var page = admin.get("/api/v1/temporary/blocked?prefix=192.0.2.&size=1&page=1", "application/json");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("\"total\":2") && page.body().contains("\"address\":\"192.0.2.45\"")
                && !page.body().contains("192.0.2.44") && page.body().contains("\"secondsLeft\":"), page.body());
        var one = admin.get("/api/v1/temporary/blocked/192.0.2.44", "application/json");
        assertTrue(one.body().contains("\"node\":\"node-1\"") && one.body().contains("\"expires\":"), one.body());

        var status = admin.get("/api/v1/address-status/192.0.2.44", "application/json");
        assertTrue(status.body().contains("\"status\":\"Temporarily Blocked\"")
                && status.body().contains("temporarily blocked: by hand: seen in our logs, until ")
                && status.body().contains("\"temporaryBlock\":{\"entry\":\"192.0.2.44\""), status.body());

        assertEquals(200, admin.send(admin.request("/api/v1/temporary/blocked/192.0.2.44").DELETE()).statusCode());
        assertEquals(404, admin.get("/api/v1/temporary/blocked/192.0.2.44", "application/json").statusCode());
        var bulk = admin.send(admin.request("/api/v1/temporary/blocked?prefix=2001:db8:").DELETE());
        assertTrue(bulk.body().contains("\"removed\":1"), bulk.body());
        assertTrue(node.blocking().blocked(dev.moat.net.IpAddress.parse("192.0.2.45")).isPresent(), "the other stays");
    }

    @Test
    void badInputIsRefusedAndChangesNothingAndEveryRouteNeedsTheToken() throws Exception {
        var node = node();
        var admin = new AdminClient(node, TestNode.TOKEN);
        assertEquals(400, admin.put("/api/v1/temporary/blocked/not-an-address", "{\"duration\": \"1h\", \"reason\": \"x\"}", null).statusCode());
        assertEquals(400, admin.put("/api/v1/temporary/blocked/192.0.2.1", "{\"duration\": \"soon\", \"reason\": \"x\"}", null).statusCode());
        assertEquals(400, admin.put("/api/v1/temporary/debug/192.0.2.1", "not json", null).statusCode());
        assertEquals(400, admin.send(admin.request("/api/v1/temporary/blocked").DELETE()).statusCode(), "no prefix");
        assertEquals(400, admin.get("/api/v1/temporary/unblockable?size=0", "application/json").statusCode());
        assertEquals(0, node.member().blocking().size(dev.moat.blocking.TemporaryList.BLOCKED));
        var anonymous = new AdminClient(node, "wrong");
        assertEquals(401, anonymous.get("/api/v1/temporary/blocked", "application/json").statusCode());
        assertEquals(401, anonymous.send(anonymous.request("/api/v1/temporary/blocked/192.0.2.1")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"duration\": \"1h\", \"reason\": \"x\"}"))).statusCode());
        assertEquals(0, node.member().blocking().size(dev.moat.blocking.TemporaryList.BLOCKED));
    }

    @Test
    void theCliBlocksListsShowsAndUnblocksOnARunningNode() throws Exception {
        var node = node();
        assertEquals(0, cli(node, "block", "198.51.100.20", "--duration", "30m", "--reason", "from the CLI"), err::toString);
        assertEquals(0, cli(node, "list", "--prefix", "198.51."), err::toString);
        assertTrue(out.toString().contains("\"address\":\"198.51.100.20\""), out::toString);
        assertEquals(0, cli(node, "show", "198.51.100.20"));
        assertTrue(out.toString().contains("by hand: from the CLI"), out::toString);
        assertTrue(!out.toString().contains(TestNode.TOKEN) && !err.toString().contains(TestNode.TOKEN));
        assertEquals(0, cli(node, "unblock", "198.51.100.20"), err::toString);
        assertEquals(1, cli(node, "show", "198.51.100.20"), "gone: 404");
        assertEquals(0, cli(node, "block", "198.51.100.21", "--list", "debug", "--duration", "5m", "--reason", "watch"));
        assertTrue(node.blocking().debugged(dev.moat.net.IpAddress.parse("198.51.100.21")));
        assertEquals(0, cli(node, "unblock", "--list", "debug", "--prefix", "198.51.100."));
        assertTrue(out.toString().contains("\"removed\":1"), out::toString);
        assertEquals(2, cli(node, "list", "--list", "everything"));
    }
}
