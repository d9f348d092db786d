package dev.moat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDeliveryTest {

    private static final Pattern NAME = Pattern.compile("\\d{17}-[0-9a-f]{12}-\\d+\\.eml");

    @TempDir
    Path root;
    private Path spool;
    private SpoolDelivery delivery;

    @BeforeEach
    void start() {
        spool = root.resolve("spool");
        delivery = new SpoolDelivery(new SpoolOptions(spool));
    }

    @AfterEach
    void stop() {
        delivery.close();
    }

    @Test
    void missingFolderIsCreatedAtStart() {
        assertTrue(Files.isDirectory(spool));
    }

    @Test
    void fileHoldsEnvelopeLinesThenTheUnstuffedMessage() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", 120, false));
        assertEquals(250, await(tx.addRecipient(NextHop.local(), "bob@example.com")).code());
        assertEquals(250, await(tx.addRecipient(NextHop.local(), "carol@example.com")).code());

        var reply = await(tx.send(ascii("Received: from x\r\nSubject: hi\r\n\r\n..leading dot\r\n...\r\nend\r\n")));

        assertEquals(250, reply.code());
        assertEquals("2.0.0", reply.enhanced());
        var file = onlyFile();
        assertEquals("Queued as " + file.getFileName(), reply.text().get(0));
        assertEquals("Return-Path: <alice@example.org>\r\n"
                + "X-Moat-Rcpt-To: <bob@example.com>\r\n"
                + "X-Moat-Rcpt-To: <carol@example.com>\r\n"
                + "Received: from x\r\nSubject: hi\r\n\r\n.leading dot\r\n..\r\nend\r\n",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void stateCountsTheSpooledMessagesAndTheOldestOnesAgeByItsName() throws Exception {
        assertEquals(HandOffState.NONE, new SpoolBacklog(spool, java.time.Clock.systemUTC()).state());
        Files.writeString(spool.resolve("20260101000000000-aaaaaaaaaaaa-1.eml"), "x");
        Files.writeString(spool.resolve("20260101000100000-aaaaaaaaaaaa-2.eml"), "x");
        Files.writeString(spool.resolve(".20260101000000000-bbbbbbbbbbbb-1.eml.tmp"), "being written");
        var noon = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T00:02:30Z"), java.time.ZoneOffset.UTC);

        var state = new SpoolBacklog(spool, noon).state();

        assertEquals(2, state.spoolFiles());
        assertEquals(150.0, state.oldestSpoolSeconds(), 0.001);
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");
        await(tx.send(ascii("Subject: x\r\n\r\nbody\r\n")));
        assertEquals(3, delivery.state().spoolFiles());
    }

    @Test
    void fileIsNamedByTimeAndOriginWithNoTempFileLeft() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");
        await(tx.send(ascii("Subject: x\r\n\r\nbody\r\n")));

        var names = fileNames();
        assertEquals(1, names.size(), names.toString());
        assertTrue(NAME.matcher(names.get(0)).matches(), names.get(0));
    }

    @Test
    void nullSenderIsWrittenAsAnEmptyReturnPath() throws Exception {
        var tx = delivery.begin(new Sender("", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");
        await(tx.send(ascii("Subject: bounce\r\n\r\n")));

        assertTrue(Files.readString(onlyFile()).startsWith("Return-Path: <>\r\nX-Moat-Rcpt-To: <bob@example.com>\r\n"));
    }

    @Test
    void manyMessagesAtOnceGetDistinctNames() throws Exception {
        var stages = new ArrayList<CompletionStage<Reply>>();
        for (int i = 0; i < 200; i++) {
            var tx = delivery.begin(new Sender("alice@example.org", -1, false));
            tx.addRecipient(NextHop.local(), "bob@example.com");
            stages.add(tx.send(ascii("Subject: " + i + "\r\n\r\n")));
        }
        var queuedNames = new HashSet<String>();
        for (var stage : stages) {
            queuedNames.add(await(stage).text().get(0));
        }

        assertEquals(200, queuedNames.size());
        assertEquals(200, fileNames().size());
    }

    @Test
    void folderGoneAfterStartAnswers451AndLeavesNoFile() throws Exception {
        Files.delete(spool);
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");

        var reply = await(tx.send(ascii("Subject: x\r\n\r\n")));

        assertEquals(451, reply.code());
        assertEquals("4.3.0", reply.enhanced());
        assertTrue(Files.notExists(spool));
    }

    @Test
    void folderReplacedByAFileAnswers451AndLeavesNoFile() throws Exception {
        Files.delete(spool);
        Files.writeString(spool, "not a folder");
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");

        var reply = await(tx.send(ascii("Subject: x\r\n\r\n")));

        assertEquals(451, reply.code());
        assertEquals("4.3.0", reply.enhanced());
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(spool), left.toList());
        }
    }

    @Test
    void readOnlyFolderAnswers451AndLeavesNoFile() throws Exception {
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(spool), "permissions do not stop this user (root) from writing");
            var tx = delivery.begin(new Sender("alice@example.org", -1, false));
            tx.addRecipient(NextHop.local(), "bob@example.com");

            var reply = await(tx.send(ascii("Subject: x\r\n\r\n")));

            assertEquals(451, reply.code());
            assertEquals("4.3.0", reply.enhanced());
            assertEquals(List.of(), fileNames());
        } finally {
            Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void folderThatCannotBeCreatedFailsAtStart() throws IOException {
        var file = Files.writeString(root.resolve("plain-file"), "x");

        assertThrows(UncheckedIOException.class, () -> new SpoolDelivery(new SpoolOptions(file.resolve("spool"))));
    }

    @Test
    void sendWithoutRecipientsAnswers554AndWritesNothing() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));

        var reply = await(tx.send(ascii("Subject: x\r\n\r\n")));

        assertEquals(554, reply.code());
        assertEquals(List.of(), fileNames());
    }

    @Test
    void abortedTransactionWritesNothingAndRefusesToSend() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");
        tx.abort();
        tx.abort();
        var message = ascii("Subject: x\r\n\r\n");

        var reply = await(tx.send(message));

        assertEquals(503, reply.code());
        assertEquals(0, message.refCnt());
        assertEquals(List.of(), fileNames());
    }

    @Test
    void recipientWithALineBreakIsRefusedAsBadSyntax() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));

        var reply = await(tx.addRecipient(NextHop.local(), "bob@example.com>\r\nDATA"));

        assertEquals(501, reply.code());
    }

    @Test
    void sendAfterCloseAnswers451AndReleasesTheMessage() throws Exception {
        var tx = delivery.begin(new Sender("alice@example.org", -1, false));
        tx.addRecipient(NextHop.local(), "bob@example.com");
        delivery.close();
        var message = ascii("Subject: x\r\n\r\n");

        var reply = await(tx.send(message));

        assertEquals(451, reply.code());
        assertEquals(0, message.refCnt());
    }

    private Path onlyFile() throws IOException {
        var names = fileNames();
        assertEquals(1, names.size(), names.toString());
        return spool.resolve(names.get(0));
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    static Reply await(CompletionStage<Reply> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
