package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SMTP smuggling over real sockets through a relay node to a recording next hop that, like
 * many real servers, takes a bare LF as a line end. Each malformed end of data of the public
 * {@code smtpsmug} checker, followed by what would be a smuggled second message, is refused
 * at the real end with 554 5.6.0 and nothing reaches the next hop. A sender on
 * {@code smtp.lenient-line-endings} gets its bare LF read as CRLF, and the next hop receives
 * exactly CRLF lines with every lone dot stuffed.
 */
class SmugglingEndToEndTest {
    private static final String STRANGER = "127.0.0.5";
    private static final String LEGACY = "127.0.0.9";

    @TempDir
    Path dir;
    private SmtpSink sink;
    private Node node;
    private final List<Node> running = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
        var nodes = new TestNode(dir, 1);
        nodes.writeSettings(1, "  lenient-line-endings: \"" + LEGACY + "\"\n", TestNode.relayTo(sink.port()));
        node = nodes.start(1);
        running.add(node);
    }

    @AfterEach
    void stop() throws Exception {
        TestNode.closeAll(running);
        sink.close();
    }

    private RawSmtp inData(String client) throws Exception {
        var smtp = new RawSmtp(TestNode.smtpPort(node), client);
        smtp.expect("220 ");
        smtp.send("EHLO client.example").expect("250-");
        smtp.send("MAIL FROM:<alice@remote.example>").expect("250 ");
        smtp.send("RCPT TO:<bob@moat.test>").expect("250 ");
        smtp.send("DATA").expect("354 ");
        smtp.send("From: alice@remote.example").send("To: bob@moat.test").send("Subject: Hello World").send("");
        return smtp;
    }

    /** smtpsmug's list (its nullafter repeats nullbefore; the NUL after the dot is covered as written here). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lflf       | \\n.\\n
            crcr       | \\r.\\r
            crlf       | \\r.\\n
            lfcr       | \\n.\\r
            lfcrlf     | \\n.\\r\\n
            crlflf     | \\r\\n.\\n
            crcrlf     | \\r.\\r\\n
            crlfcr     | \\r\\n.\\r
            nullbefore | \\r\\n\\0.\\r\\n
            nullafter  | \\r\\n.\\0\\r\\n
            """)
    void eachMalformedEndOfDataIsRefusedAndNothingReachesTheNextHop(String name, String written) throws Exception {
        String ending = written.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
        try (var smtp = inData(STRANGER)) {
            smtp.raw("This is a test mail with a " + name + " ending." + ending);
            // What a smuggler puts behind it: a second transaction the next hop might read as commands.
            smtp.raw("MAIL FROM:<admin@moat.test>\r\nRCPT TO:<victim@moat.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx");
            smtp.raw("\r\n.\r\n");
            smtp.expect("554 5.6.0 Message refused: it holds a ");
            smtp.send("NOOP").expect("250 ");
            smtp.send("QUIT").expect("221 ");
        }
        assertEquals(List.of(), sink.messages(), "nothing reached the next hop");
        assertTrue(sink.commands().stream().noneMatch(c -> c.startsWith("DATA") || c.contains("admin@")),
                sink.commands().toString());
    }

    @Test
    void aLenientSendersBareLineFeedsReachTheNextHopAsCrLfWithEveryLoneDotStuffed() throws Exception {
        try (var smtp = inData(LEGACY)) {
            smtp.raw("line one\nline two\n.\nMAIL FROM:<admin@moat.test>\n.\r\nRCPT TO:<victim@moat.test>\r\n.\n"
                    + "..stuffed\nlast\r\n.\r\n");
            smtp.expect("250 ");
            smtp.send("QUIT").expect("221 ");
        }
        Eventually.within(Duration.ofSeconds(10), () -> assertEquals(1, sink.messages().size()));
        var got = sink.messages().get(0);
        assertEquals(List.of("bob@moat.test"), got.recipients());
        var data = new String(got.data(), StandardCharsets.ISO_8859_1);
        var afterTrace = data.substring(data.indexOf("\r\n", data.indexOf("\r\n\tfor ") + 2) + 2);
        assertEquals("From: alice@remote.example\r\nTo: bob@moat.test\r\nSubject: Hello World\r\n\r\n"
                + "line one\r\nline two\r\n..\r\nMAIL FROM:<admin@moat.test>\r\n..\r\nRCPT TO:<victim@moat.test>\r\n..\r\n"
                + "..stuffed\r\nlast\r\n", afterTrace, "the exact bytes the next hop received");
        assertTrue(NodeEndToEndTest.scrape(node).contains("moat_smtp_lenient_line_endings_total 6.0"),
                NodeEndToEndTest.scrape(node));
    }
}
